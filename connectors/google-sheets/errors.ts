// Turns what the Google clients throw into ConnectorErrors whose messages say what to fix.
import { ConnectorError } from '../sdk';

export interface ErrorScene {
  spreadsheetId?: string;
  sheet?: string;
  serviceAccountEmail?: string | null;
  /** The request writes to the sheet: a 403 means "may read, may not edit", a 429 the write quota. */
  writing?: boolean;
}

interface ClientFailure {
  message?: string;
  code?: string | number;
  status?: number;
  response?: { status?: number; data?: unknown; headers?: Headers | Record<string, string> };
}

function retryAfterMs(headers: Headers | Record<string, string> | undefined): number | undefined {
  const value = headers instanceof Headers ? headers.get('retry-after') : headers?.['retry-after'];
  const seconds = Number(value);
  return value && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

export function toConnectorError(error: unknown, scene: ErrorScene = {}): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const failure = (error ?? {}) as ClientFailure;
  const status = failure.response?.status ?? (typeof failure.status === 'number' ? failure.status : undefined);
  const data = failure.response?.data as { error?: unknown; error_description?: string } | undefined;
  const apiError = data && typeof data.error === 'object' ? (data.error as { message?: string; status?: string }) : undefined;
  const message = apiError?.message ?? failure.message ?? String(error);
  const details = { statusCode: status, code: apiError?.status ?? (typeof data?.error === 'string' ? data.error : undefined) };

  // The token endpoint answers { error: "invalid_grant" | "invalid_client", error_description }.
  if (typeof data?.error === 'string' || /No refresh token is set/.test(message)) {
    const reason =
      typeof data?.error === 'string' ? `${data.error}${data.error_description ? `: ${data.error_description}` : ''}` : message;
    if (data?.error === 'invalid_client') {
      return new ConnectorError(
        'config',
        `Google refused this server's OAuth client id or secret (${reason}). Check GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET.`,
        details,
      );
    }
    const fix = scene.serviceAccountEmail
      ? `The key of ${scene.serviceAccountEmail} may have been deleted or the account disabled: create a new JSON key and update the account.`
      : 'Reconnect your Google account.';
    return new ConnectorError('auth', `Google refused the credentials (${reason}). ${fix}`, details);
  }
  if (status === 429) {
    return new ConnectorError(
      'retryable',
      `Google Sheets ${scene.writing ? 'write' : 'read'} quota exceeded: ${message}`,
      details,
      retryAfterMs(failure.response?.headers) ?? 60_000,
    );
  }
  if (status === 401)
    return new ConnectorError('auth', `Google refused the credentials (${message}). Reconnect your Google account.`, details);
  if (status === 403 && scene.writing) {
    const who = scene.serviceAccountEmail ?? 'your Google account';
    return new ConnectorError(
      'config',
      `This Google account may not edit spreadsheet ${scene.spreadsheetId ?? ''}: share it with ${who} as an Editor.`,
      details,
    );
  }
  if (status === 403) {
    const share = scene.serviceAccountEmail
      ? `Share the spreadsheet with ${scene.serviceAccountEmail}.`
      : 'Ask its owner to share it with you.';
    return new ConnectorError(
      'config',
      `This Google account cannot open spreadsheet ${scene.spreadsheetId ?? ''}. ${share}`.replace('  ', ' '),
      details,
    );
  }
  if (status === 404) {
    return new ConnectorError(
      'config',
      `Spreadsheet ${scene.spreadsheetId ?? ''} was not found: it may have been deleted. Pick the spreadsheet again.`,
      details,
    );
  }
  if (status === 400 && /Unable to parse range/.test(message)) {
    return new ConnectorError(
      'config',
      `Sheet "${scene.sheet ?? ''}" was not found in the spreadsheet: it may have been renamed or deleted. Pick the sheet again.`,
      details,
    );
  }
  if (status === undefined || status >= 500)
    return new ConnectorError('retryable', `Google Sheets is unreachable right now: ${message}`, details);
  return new ConnectorError('config', `Google Sheets refused the request: ${message}`, details);
}
