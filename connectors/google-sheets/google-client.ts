// Builds the real Google clients for an account, pointed at GOOGLE_API_BASE when set.
// Clients are kept per account for a while so polls reuse an access token instead of
// asking the token endpoint every time.
import { createHash } from 'node:crypto';
import { drive, type drive_v3 } from '@googleapis/drive';
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import { JWT, OAuth2Client } from 'google-auth-library';
import { ConnectorError, type ConnectorContext } from '../sdk';
import { isServiceAccount, parseServiceAccountKey, type GoogleSheetsCredentials } from './credentials';

export interface GoogleClients {
  sheets: sheets_v4.Sheets;
  drive: drive_v3.Drive;
  /** The service account's email (the address a sheet must be shared with); null for sign-in. */
  serviceAccountEmail: string | null;
}

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.metadata.readonly'];
const CACHE_LIMIT = 50;
const CACHE_LIFETIME_MS = 30 * 60 * 1000;
type BeforeRequest = NonNullable<ConnectorContext['beforeRequest']>;
const cache = new Map<string, { clients: GoogleClients; createdAt: number }>();
// A hook is one account's budget in this process; each hook gets its own clients.
const hookIds = new WeakMap<BeforeRequest, number>();
let nextHookId = 1;

function hookId(hook: BeforeRequest | undefined): number {
  if (!hook) return 0;
  let id = hookIds.get(hook);
  if (id === undefined) {
    id = nextHookId++;
    hookIds.set(hook, id);
  }
  return id;
}

/** Node's fetch, made to wait for the account's budget before every Sheets or Drive request. */
function meteredFetch(hook: BeforeRequest | undefined): typeof fetch {
  if (!hook) return fetch;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    await hook({ method: init?.method ?? (input instanceof Request ? input.method : 'GET'), url });
    return fetch(input, init);
  };
}

// gaxios otherwise loads node-fetch through a dynamic import; Node's own fetch works
// everywhere (including under jest, which refuses such imports).
const transporterOptions = { fetchImplementation: fetch };

function serviceAccountAuth(
  credentials: { serviceAccountKey: string | Record<string, unknown> },
  tokenUrl: string | null,
): { auth: JWT; email: string } {
  const key = parseServiceAccountKey(credentials.serviceAccountKey);
  const auth = new JWT({
    email: key.client_email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes: SCOPES,
    transporterOptions,
  });
  if (tokenUrl) {
    // google-auth-library always posts service-account grants to Google's token URL.
    auth.transporter.interceptors.request.add({
      resolved: async (options) => {
        if (String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(tokenUrl);
        return options;
      },
    });
  }
  return { auth, email: key.client_email };
}

function signInAuth(refreshToken: string, context: ConnectorContext, tokenUrl: string | null): OAuth2Client {
  if (!context.googleOAuth) {
    throw new ConnectorError(
      'config',
      'Google sign-in is not set up on this server: set GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET and restart, or connect with a service account key instead.',
    );
  }
  const auth = new OAuth2Client({
    clientId: context.googleOAuth.clientId,
    clientSecret: context.googleOAuth.clientSecret,
    endpoints: tokenUrl ? { oauth2TokenUrl: tokenUrl } : undefined,
    // A token revoked or expired early is refreshed once instead of failing the run.
    forceRefreshOnFailure: true,
    transporterOptions,
  });
  auth.setCredentials({ refresh_token: refreshToken });
  return auth;
}

export function googleClients(credentials: GoogleSheetsCredentials, context: ConnectorContext): GoogleClients {
  const base = context.googleApiBase ? context.googleApiBase.replace(/\/+$/, '') : null;
  const cacheKey = createHash('sha256')
    .update(JSON.stringify([credentials, base, context.googleOAuth?.clientId ?? null, hookId(context.beforeRequest)]))
    .digest('hex');
  const cached = cache.get(cacheKey);
  if (cached && Date.now() - cached.createdAt < CACHE_LIFETIME_MS) return cached.clients;

  const tokenUrl = base ? `${base}/token` : null;
  let auth: OAuth2Client;
  let serviceAccountEmail: string | null = null;
  if (isServiceAccount(credentials)) {
    const built = serviceAccountAuth(credentials, tokenUrl);
    auth = built.auth;
    serviceAccountEmail = built.email;
  } else {
    auth = signInAuth(credentials.refreshToken, context, tokenUrl);
  }
  // Retries are ours (see requests.ts), so a 429 is seen and backed off deliberately.
  // Token requests go through `auth`'s own fetch: they are not Sheets or Drive quota.
  const options = {
    auth,
    retry: false,
    fetchImplementation: meteredFetch(context.beforeRequest),
    ...(base ? { rootUrl: base } : {}),
  };
  const clients: GoogleClients = {
    sheets: sheets({ version: 'v4', ...options }),
    drive: drive({ version: 'v3', ...options }),
    serviceAccountEmail,
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey, { clients, createdAt: Date.now() });
  return clients;
}
