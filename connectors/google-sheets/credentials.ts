// The two ways a person lets Tributary read their sheets: a service account's JSON key
// (the sheet is shared with the account's email), or a Google sign-in (a refresh token).
import { ConnectorError, type JsonObject, type JsonSchema } from '../sdk';

export interface ServiceAccountCredentials {
  /** The JSON key file as pasted (text) or parsed. */
  serviceAccountKey: string | JsonObject;
  requestsPerMinute?: number;
}

export interface OAuthCredentials {
  refreshToken: string;
  requestsPerMinute?: number;
}

// Google's default quota is 60 Sheets reads a minute per user; a Cloud project may have a
// raised one.
const requestsPerMinute: JsonSchema = {
  type: 'integer',
  title: 'Requests per minute',
  description: 'Leave empty for Google’s quota of 60 a minute per user. Enter your Cloud project’s quota if Google raised it.',
  minimum: 1,
  maximum: 100000,
};

export type GoogleSheetsCredentials = ServiceAccountCredentials | OAuthCredentials;

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

export const credentialsSchema: JsonSchema = {
  type: 'object',
  oneOf: [
    {
      title: 'Service account key',
      required: ['serviceAccountKey'],
      properties: {
        serviceAccountKey: {
          type: ['string', 'object'],
          title: 'Service account JSON key',
          description:
            'Paste the whole .json key file of a Google Cloud service account, then share the spreadsheet with its client_email.',
          writeOnly: true,
          'x-multiline': true,
        },
        requestsPerMinute,
      },
      additionalProperties: false,
    },
    {
      title: 'Google sign-in',
      required: ['refreshToken'],
      properties: {
        refreshToken: { type: 'string', title: 'Refresh token', minLength: 1, writeOnly: true },
        requestsPerMinute,
      },
      additionalProperties: false,
    },
  ],
};

export function isServiceAccount(credentials: GoogleSheetsCredentials): credentials is ServiceAccountCredentials {
  return 'serviceAccountKey' in credentials && credentials.serviceAccountKey !== undefined;
}

/** Reads a pasted key and says exactly what is wrong with it when it is not a service-account key. */
export function parseServiceAccountKey(raw: string | JsonObject): ServiceAccountKey {
  let key: unknown = raw;
  if (typeof raw === 'string') {
    try {
      key = JSON.parse(raw.trim());
    } catch {
      throw new ConnectorError(
        'auth',
        'The service account key is not valid JSON. Paste the whole contents of the .json key file you downloaded from Google Cloud (it starts with "{" and ends with "}").',
      );
    }
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) {
    throw new ConnectorError('auth', 'The service account key must be the JSON object from the downloaded .json key file.');
  }
  const fields = key as Record<string, unknown>;
  if (fields.type !== 'service_account') {
    const type = typeof fields.type === 'string' ? `"${fields.type}"` : 'missing';
    throw new ConnectorError(
      'auth',
      `This JSON key's type is ${type}, not "service_account". In Google Cloud console open IAM & Admin > Service Accounts, ` +
        'pick the account, then Keys > Add key > Create new key > JSON, and paste that file.',
    );
  }
  for (const field of ['client_email', 'private_key'] as const) {
    if (typeof fields[field] !== 'string' || fields[field] === '') {
      throw new ConnectorError(
        'auth',
        `The service account key has no "${field}". Paste the complete .json key file without editing it.`,
      );
    }
  }
  if (!String(fields.private_key).includes('PRIVATE KEY')) {
    throw new ConnectorError(
      'auth',
      'The key\'s "private_key" is not a PEM private key. Paste the complete .json key file without editing it.',
    );
  }
  return fields as unknown as ServiceAccountKey;
}

export function credentialsHint(credentials: GoogleSheetsCredentials): string {
  if (isServiceAccount(credentials)) {
    try {
      return `Service account ${parseServiceAccountKey(credentials.serviceAccountKey).client_email}`;
    } catch {
      return 'Service account (key not readable)';
    }
  }
  return `Google sign-in (token ...${credentials.refreshToken.slice(-4)})`;
}
