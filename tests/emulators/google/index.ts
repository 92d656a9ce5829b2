// A local stand-in for Google Sheets v4, Drive v3 (files.list) and the OAuth token
// endpoint, for the real @googleapis clients and google-auth-library (option `rootUrl`).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthState, type OAuthClient, type ServiceAccountKey } from './auth';
import { getFile, listFiles } from './drive-api';
import { applyFields } from './fields';
import { GoogleApiError, parseJson, readBody, type Reply } from './http';
import { MinuteQuota } from './quota';
import { handleSheets } from './sheets-api';
import { handleWrites } from './sheets-write';
import type { Spreadsheet } from './store';
import { createSheetHelpers, type SheetHelpers } from './helpers';

export type { ServiceAccountKey, OAuthClient } from './auth';
export type { Cell } from './store';
export { GOOGLE_TOKEN_URL } from './auth';

export interface GoogleEmulatorOptions {
  port?: number;
  /** Lifetime of access tokens; default 3600. */
  tokenLifetimeSeconds?: number;
  /** Sheets read requests allowed per minute; default null (no limit). */
  readQuotaPerMinute?: number | null;
  /** Sheets write requests (append, update, batchUpdate) allowed per minute; default null (no limit). */
  writeQuotaPerMinute?: number | null;
  /** Delay before each request is handled, as a network and Google's servers would add. */
  latencyMs?: number;
  /** The emulator's clock (token expiry, quota windows); default Date.now. */
  now?: () => number;
}

export interface RequestLogEntry {
  method: string;
  /** Decoded path, e.g. "/v4/spreadsheets/ID/values/'My Sheet'!A1:C". */
  path: string;
  query: URLSearchParams;
  status: number;
}

export interface GoogleEmulator extends SheetHelpers {
  /** rootUrl for the Sheets and Drive clients and GOOGLE_API_BASE; no trailing slash. */
  url: string;
  tokenUrl: string;
  /** The email that owns spreadsheets created without `owner`; refresh tokens act as it by default. */
  ownerEmail: string;
  requests: RequestLogEntry[];
  createServiceAccount(name?: string): ServiceAccountKey;
  createOAuthClient(): OAuthClient;
  issueRefreshToken(clientId: string, email?: string): string;
  revokeRefreshToken(refreshToken: string): void;
  /** Every access token issued so far stops working (clients must refresh). */
  expireAccessTokens(): void;
  setReadQuota(perMinute: number | null): void;
  /** The next `count` Sheets reads answer 429 RESOURCE_EXHAUSTED. */
  failNextReads(count: number): void;
  /** Sheets read requests (spreadsheets.get, values.get, values.batchGet) in the log. */
  readCount(): number;
  setWriteQuota(perMinute: number | null): void;
  /** The next `count` Sheets writes answer 429 RESOURCE_EXHAUSTED (and change nothing). */
  failNextWrites(count: number): void;
  /** Sheets write requests in the log (those refused with 429 included). */
  writeCount(): number;
  /**
   * Called after a write has changed the spreadsheet and before Google's answer is sent:
   * a test can kill the client right there, the moment that decides exactly-once. A hook
   * that throws drops the connection instead of answering (the write stays applied).
   */
  setWriteHook(hook: ((entry: RequestLogEntry) => Promise<void> | void) | null): void;
  setLatency(ms: number): void;
  /** Columns hidden in a sheet (0-based), as updateDimensionProperties left them. */
  hiddenColumns(spreadsheetId: string, sheet: string): number[];
  /** Forgets spreadsheets, the request log and quota use; accounts and tokens stay. */
  reset(): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const now = options.now ?? Date.now;
  let url = '';
  const spreadsheets = new Map<string, Spreadsheet>();
  const auth = new AuthState(() => `${url}/token`, now, options.tokenLifetimeSeconds ?? 3600);
  const quota = new MinuteQuota(now, options.readQuotaPerMinute ?? null);
  const writeQuota = new MinuteQuota(now, options.writeQuotaPerMinute ?? null);
  let writeHook: ((entry: RequestLogEntry) => Promise<void> | void) | null = null;
  let latencyMs = options.latencyMs ?? 0;
  const isWrite = (entry: RequestLogEntry) => entry.path.startsWith('/v4/') && entry.method !== 'GET';
  const requests: RequestLogEntry[] = [];
  const ownerEmail = 'owner@example.com';

  const authenticate = (request: IncomingMessage): string => {
    const header = request.headers.authorization ?? '';
    const principal = header.startsWith('Bearer ') ? auth.principal(header.slice(7)) : null;
    if (!principal) {
      throw new GoogleApiError(
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
    }
    return principal;
  };

  const route = async (request: IncomingMessage, path: string, query: URLSearchParams): Promise<Reply> => {
    const method = request.method ?? 'GET';
    if (method === 'POST' && (path === '/token' || path === '/oauth2/v4/token')) {
      const text = await readBody(request);
      const form = (request.headers['content-type'] ?? '').includes('json')
        ? new URLSearchParams(Object.entries(parseJson(text)).map(([k, v]) => [k, String(v)]))
        : new URLSearchParams(text);
      const basic = request.headers.authorization?.startsWith('Basic ') ? request.headers.authorization.slice(6) : null;
      return auth.exchange(form, basic);
    }
    if (method === 'GET' && path === '/drive/v3/files') {
      const reply = listFiles(spreadsheets.values(), authenticate(request), query);
      return { status: reply.status, body: applyFields(reply.body, query.get('fields')) };
    }
    const file = /^\/drive\/v3\/files\/([^/]+)$/.exec(path);
    if (method === 'GET' && file) {
      const reply = getFile(spreadsheets, authenticate(request), file[1]);
      return { status: reply.status, body: applyFields(reply.body, query.get('fields')) };
    }
    const values = /^\/v4\/spreadsheets\/([^/]+)\/values\/(.+)$/.exec(path);
    const batch = /^\/v4\/spreadsheets\/([^/]+)\/values:(batchGet|batchUpdate)$/.exec(path);
    const whole = /^\/v4\/spreadsheets\/([^/:]+)(:batchUpdate)?$/.exec(path);
    const match = batch ?? values ?? whole;
    if (!match) throw new GoogleApiError('NOT_FOUND', `Not found: ${method} ${path}`);
    const principal = authenticate(request);
    const body = method === 'POST' || method === 'PUT' ? parseJson(await readBody(request)) : {};
    const isAppend = values !== null && values[2].endsWith(':append');
    const range = batch ? batch[2] : values ? (isAppend ? values[2].slice(0, -':append'.length) : values[2]) : null;
    const state = { spreadsheets, quota, writeQuota, now };
    const sheetsRequest = { method, spreadsheetId: match[1], range, append: isAppend, query, body, principal };
    if (method === 'GET') return handleSheets(state, sheetsRequest);
    if (whole && !whole[2]) throw new GoogleApiError('NOT_FOUND', `Method not found: ${method}`);
    return handleWrites(state, sheetsRequest);
  };

  const server = createServer((request, response) => {
    const parsed = new URL(request.url ?? '/', 'http://emulator');
    let path: string;
    try {
      path = decodeURIComponent(parsed.pathname);
    } catch {
      path = parsed.pathname;
    }
    const entry: RequestLogEntry = { method: request.method ?? 'GET', path, query: parsed.searchParams, status: 0 };
    requests.push(entry);
    const pause = latencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, latencyMs)) : Promise.resolve();
    pause
      .then(() => route(request, path, parsed.searchParams))
      .catch((error: unknown): Reply => {
        if (error instanceof GoogleApiError) return error.reply();
        return { status: 500, body: { error: { code: 500, message: String(error), status: 'INTERNAL' } } };
      })
      .then(async (reply) => {
        entry.status = reply.status;
        if (writeHook && reply.status === 200 && isWrite(entry)) {
          try {
            await writeHook(entry);
          } catch {
            // The write was applied and its answer is lost: the client sees a dropped connection.
            response.destroy();
            return;
          }
        }
        if (!response.destroyed) send(response, reply);
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    tokenUrl: `${url}/token`,
    ownerEmail,
    requests,
    ...createSheetHelpers(spreadsheets, ownerEmail, now),
    createServiceAccount: (name) => auth.createServiceAccount(name),
    createOAuthClient: () => auth.createOAuthClient(),
    issueRefreshToken: (clientId, email = ownerEmail) => auth.issueRefreshToken(clientId, email),
    revokeRefreshToken: (token) => auth.revokeRefreshToken(token),
    expireAccessTokens: () => auth.expireAccessTokens(),
    setReadQuota: (perMinute) => {
      quota.perMinute = perMinute;
    },
    failNextReads: (count) => quota.failNext(count),
    readCount: () => requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v4/')).length,
    setWriteQuota: (perMinute) => {
      writeQuota.perMinute = perMinute;
    },
    failNextWrites: (count) => writeQuota.failNext(count),
    writeCount: () => requests.filter(isWrite).length,
    setWriteHook: (hook) => {
      writeHook = hook;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    hiddenColumns: (spreadsheetId, title) => {
      const sheet = spreadsheets.get(spreadsheetId)?.sheets.find((candidate) => candidate.title === title);
      if (!sheet) throw new Error(`No sheet "${title}" in spreadsheet ${spreadsheetId}`);
      return [...(sheet.hiddenColumns ?? [])].sort((a, b) => a - b);
    },
    reset: () => {
      spreadsheets.clear();
      requests.length = 0;
      quota.reset();
      writeQuota.reset();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
