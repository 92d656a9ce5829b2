import { sign } from 'node:crypto';
import { sheets as sheetsClient } from '@googleapis/sheets';
import { GoogleAuth, JWT, OAuth2Client } from 'google-auth-library';
import { GOOGLE_TOKEN_URL, startGoogleEmulator, type GoogleEmulator } from './google';

let emulator: GoogleEmulator;
let spreadsheetId: string;
// gaxios would otherwise import node-fetch dynamically, which jest's module system refuses.
const transporterOptions = { fetchImplementation: fetch };

beforeAll(async () => {
  emulator = await startGoogleEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  spreadsheetId = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: [['Email'], ['ann@example.com']] } });
});

function readWith(auth: OAuth2Client) {
  const sheets = sheetsClient({ version: 'v4', auth, rootUrl: emulator.url, retry: false, fetchImplementation: fetch });
  return sheets.spreadsheets.values.get({ spreadsheetId, range: 'Leads' });
}

/** google-auth-library always posts service-account grants to Google; send them to the emulator. */
function redirectTokenRequests(client: OAuth2Client): void {
  client.transporter.interceptors.request.add({
    resolved: async (options) => {
      if (String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(emulator.tokenUrl);
      return options;
    },
  });
}

/** A service-account grant assertion signed by hand, dated by the emulator's clock. */
function signedAssertion(key: { client_email: string; private_key: string }, nowMs: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  const body = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: key.client_email, aud: GOOGLE_TOKEN_URL, scope: 'https://www.googleapis.com/auth/spreadsheets', iat, exp: iat + 3600 })}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), key.private_key).toString('base64url')}`;
}

function tokenRequests(): number {
  return emulator.requests.filter((request) => request.path === '/token').length;
}

test('an OAuth client with a refresh token gets an access token and reads the sheet', async () => {
  const client = emulator.createOAuthClient();
  const auth = new OAuth2Client({ ...client, endpoints: { oauth2TokenUrl: emulator.tokenUrl }, transporterOptions });
  auth.setCredentials({ refresh_token: emulator.issueRefreshToken(client.clientId) });
  const { data } = await readWith(auth);
  expect(data.values).toEqual([['Email'], ['ann@example.com']]);
  expect(auth.credentials.access_token).toMatch(/^ya29\./);
});

test('an access token stops working once its lifetime has passed on the emulator clock', async () => {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const timed = await startGoogleEmulator({ now: () => clock, tokenLifetimeSeconds: 60 });
  try {
    const key = timed.createServiceAccount();
    const id = timed.createSpreadsheet({ title: 'CRM', sheets: { Leads: [['Email']] }, sharedWith: [key.client_email] });
    const grant = await fetch(timed.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: signedAssertion(key, clock),
      }),
    });
    const { access_token: token, expires_in: expiresIn } = (await grant.json()) as { access_token: string; expires_in: number };
    expect(expiresIn).toBe(60);
    const read = () => fetch(`${timed.url}/v4/spreadsheets/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await read()).status).toBe(200);
    clock += 61_000;
    expect((await read()).status).toBe(401);
  } finally {
    await timed.close();
  }
});

test('when the API refuses an expired token, the OAuth client refreshes it and the read succeeds', async () => {
  const client = emulator.createOAuthClient();
  const auth = new OAuth2Client({
    ...client,
    endpoints: { oauth2TokenUrl: emulator.tokenUrl },
    transporterOptions,
    forceRefreshOnFailure: true,
  });
  auth.setCredentials({ refresh_token: emulator.issueRefreshToken(client.clientId) });
  await readWith(auth);
  emulator.expireAccessTokens();
  const { status } = await readWith(auth);
  expect(status).toBe(200);
  expect(tokenRequests()).toBe(2);
  expect(emulator.requests.some((request) => request.status === 401 && request.path.startsWith('/v4/'))).toBe(true);
});

test('a revoked refresh token is refused with 400 invalid_grant', async () => {
  const client = emulator.createOAuthClient();
  const refreshToken = emulator.issueRefreshToken(client.clientId);
  emulator.revokeRefreshToken(refreshToken);
  const auth = new OAuth2Client({ ...client, endpoints: { oauth2TokenUrl: emulator.tokenUrl }, transporterOptions });
  auth.setCredentials({ refresh_token: refreshToken });
  await expect(readWith(auth)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('invalid_grant') });
});

test('a wrong client secret is refused with 401 invalid_client', async () => {
  const client = emulator.createOAuthClient();
  const refreshToken = emulator.issueRefreshToken(client.clientId);
  const auth = new OAuth2Client({
    clientId: client.clientId,
    clientSecret: 'wrong',
    endpoints: { oauth2TokenUrl: emulator.tokenUrl },
    transporterOptions,
  });
  auth.setCredentials({ refresh_token: refreshToken });
  await expect(readWith(auth)).rejects.toMatchObject({ status: 401, message: expect.stringContaining('invalid_client') });
});

test('a service account key signs a JWT grant that the emulator verifies, once shared the sheet reads', async () => {
  const key = emulator.createServiceAccount();
  expect(key).toMatchObject({ type: 'service_account', token_uri: emulator.tokenUrl });
  const auth = new GoogleAuth({
    credentials: key,
    scopes: ['https://www.googleapis.com/auth/spreadsheets.readonly'],
    clientOptions: { transporterOptions },
  });
  const client = (await auth.getClient()) as JWT;
  redirectTokenRequests(client);
  await expect(readWith(client)).rejects.toMatchObject({
    status: 403,
    response: { data: { error: { status: 'PERMISSION_DENIED' } } },
  });
  emulator.grantAccess(spreadsheetId, key.client_email);
  expect((await readWith(client)).data.values).toHaveLength(2);
  expect(tokenRequests()).toBe(1);
});

test('a JWT signed with another account’s private key is refused as an invalid grant', async () => {
  const real = emulator.createServiceAccount();
  const impostor = emulator.createServiceAccount();
  const auth = new JWT({
    email: real.client_email,
    key: impostor.private_key,
    scopes: ['https://www.googleapis.com/auth/spreadsheets'],
    transporterOptions,
  });
  redirectTokenRequests(auth);
  await expect(readWith(auth)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Invalid JWT Signature') });
});

test('a self-signed JWT without scopes is accepted as a bearer token', async () => {
  const key = emulator.createServiceAccount();
  emulator.grantAccess(spreadsheetId, key.client_email);
  const auth = new JWT({ email: key.client_email, key: key.private_key, transporterOptions });
  const url = `${emulator.url}/v4/spreadsheets/${spreadsheetId}`;
  const headers = await auth.getRequestHeaders(url);
  expect((await fetch(url, { headers })).status).toBe(200);
  expect(tokenRequests()).toBe(0);
});

test('a request without a valid bearer token is 401 UNAUTHENTICATED', async () => {
  const response = await fetch(`${emulator.url}/v4/spreadsheets/${spreadsheetId}`, { headers: { authorization: 'Bearer nope' } });
  expect(response.status).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
});
