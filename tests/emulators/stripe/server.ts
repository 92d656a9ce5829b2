import http from 'node:http';
import { apiKeyFrom } from './auth';
import { FaultBook } from './faults';
import { IdempotencyStore } from './idempotency';
import { newRequestId } from './ids';
import { decodeParams, runPipeline, type IncomingCall, type LoggedRequest, type PipelineDeps } from './pipeline';
import { Router } from './routes';
import { seedObjects } from './seed';
import { StripeState } from './state';

export interface ServerParts extends PipelineDeps {
  requests: LoggedRequest[];
}

export function createParts(options: { latencyMs?: number; rateLimitPerSecond?: number | null }): ServerParts {
  const state = new StripeState();
  return {
    router: new Router(),
    state,
    faults: new FaultBook(options),
    idempotency: new IdempotencyStore(() => state.clock.elapsed()),
    revoked: new Set(),
    requests: [],
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, parts: ServerParts): Promise<void> {
  // Stamped before the body is read: when the request reached the server, as Stripe's
  // rate limiter would count it.
  const arrivedAt = Date.now();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname.startsWith(CONTROL_PREFIX)) return control(url.pathname, await readBody(req), res, parts);
  const call: IncomingCall = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.search.slice(1),
    body: await readBody(req),
    headers: { 'stripe-version': header(req, 'stripe-version') },
  };
  const decoded = decodeParams(call);
  call.decodeError = decoded.error;
  const entry: LoggedRequest = {
    method: call.method,
    path: call.path,
    params: decoded.params,
    idempotencyKey: header(req, 'idempotency-key') ?? null,
    apiKey: apiKeyFrom(header(req, 'authorization')) ?? null,
    status: null,
    time: arrivedAt,
    requestId: newRequestId(),
    fault: null,
    applied: false,
    replayed: false,
  };
  parts.requests.push(entry);
  const outcome = await runPipeline(call, entry, parts);
  if (outcome.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  res.writeHead(outcome.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(outcome.body),
    ...outcome.headers,
  });
  res.end(outcome.body);
}

/**
 * The emulator's own controls, outside Stripe's API (so never spec-validated), for a
 * product running in another process: `POST /_emulator/clock` `{"freezeAt": <unix> | "now" | null}`
 * or `{"advanceSeconds": <n>}` (a day passing: idempotency keys older than 24 hours expire)
 * and `POST /_emulator/objects` `{"kind": "charge", "count": 3, "fields": {...}}`.
 */
const CONTROL_PREFIX = '/_emulator/';

function control(pathname: string, body: string, res: http.ServerResponse, parts: ServerParts): void {
  const answer = (status: number, payload: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
  try {
    const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    if (pathname === `${CONTROL_PREFIX}clock`) {
      if (typeof input.advanceSeconds === 'number') parts.state.clock.advance(input.advanceSeconds);
      else if (input.freezeAt === null) parts.state.clock.resume();
      else parts.state.clock.freeze(typeof input.freezeAt === 'number' ? input.freezeAt : undefined);
      return answer(200, { now: parts.state.clock.now() });
    }
    if (pathname === `${CONTROL_PREFIX}objects`) {
      const fields = (input.fields ?? {}) as Record<string, unknown>;
      const made = seedObjects(parts.state, { kind: String(input.kind), count: Number(input.count ?? 1), fields: () => fields });
      return answer(200, { ids: made.map((object) => object.id) });
    }
    return answer(404, { error: { message: `No emulator control at ${pathname}.` } });
  } catch (error) {
    return answer(400, { error: { message: error instanceof Error ? error.message : String(error) } });
  }
}

export function createServer(parts: ServerParts): http.Server {
  const server = http.createServer((req, res) => {
    handle(req, res, parts).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"error":{"type":"api_error","message":"The emulator failed to handle this request."}}');
    });
  });
  // Many concurrent clients with keep-alive: do not let Node's defaults cap or stall them.
  server.keepAliveTimeout = 30_000;
  server.maxConnections = 10_000;
  return server;
}
