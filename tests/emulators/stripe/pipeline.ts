import { checkKey, isLiveKey } from './auth';
import { EmulatedError, apiError, invalidRequest, rateLimited, unrecognizedUrl } from './errors';
import { expand } from './expand';
import type { Fault, FaultBook } from './faults';
import { decodeRequestParams, FormDecodeError, type FormObject } from './form-encoding';
import { withClock } from './ids';
import { fingerprint, type IdempotencyStore, type SavedResponse } from './idempotency';
import { operations } from './operations';
import type { Router } from './routes';
import { STRIPE_API_VERSION } from './spec/load';
import { requestValidator } from './spec/json-schema';
import type { StripeState } from './state';
import { toStripeError } from './validation/ajv-errors';
import { metadataOverLimit } from './validation/metadata-limit';
import { prepareParams } from './validation/prepare-params';

/** What the HTTP layer received. */
export interface IncomingCall {
  method: string;
  path: string;
  query: string;
  body: string;
  headers: Record<string, string | undefined>;
  /** Set when the form encoding itself could not be read (answered with a 400 after auth). */
  decodeError?: FormDecodeError;
}

/** What the HTTP layer must do: answer, or destroy the socket without a word. */
export type Outcome = { kind: 'reply'; status: number; body: string; headers: Record<string, string> } | { kind: 'drop' };

/** One request as tests see it in `emulator.requests`. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** Parameters as decoded from the query string and body, before validation. */
  params: FormObject;
  idempotencyKey: string | null;
  apiKey: string | null;
  /** HTTP status sent; null when the connection was dropped. */
  status: number | null;
  /** Milliseconds since the epoch when the request arrived. */
  time: number;
  requestId: string;
  fault: Fault['kind'] | 'rate-limit-exceeded' | null;
  /** True when the connection was destroyed after the change was applied (drop-after). */
  applied: boolean;
  replayed: boolean;
}

export interface PipelineDeps {
  router: Router;
  state: StripeState;
  faults: FaultBook;
  idempotency: IdempotencyStore;
  revoked: Set<string>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function reply(status: number, payload: unknown, entry: LoggedRequest, extra: Record<string, string> = {}): Outcome {
  entry.status = status;
  return {
    kind: 'reply',
    status,
    body: JSON.stringify(payload),
    headers: { 'Request-Id': entry.requestId, 'Stripe-Version': STRIPE_API_VERSION, ...extra },
  };
}

function errorReply(error: EmulatedError, entry: LoggedRequest): Outcome {
  return reply(error.status, error.toJSON(entry.requestId), entry, error.headers);
}

/**
 * Stripe's order of business: authenticate, route, decode; claim the idempotency key; wait out
 * latency; apply edge faults (rate limit, 500, dropped connection); validate against the spec;
 * run the operation; save the result for the key; answer (or drop the connection after the change).
 */
export async function runPipeline(call: IncomingCall, entry: LoggedRequest, deps: PipelineDeps): Promise<Outcome> {
  const fault = deps.faults.take(call.method, call.path);
  entry.fault = fault?.kind ?? null;
  let claimed: { scope: string; key: string } | undefined;
  let replay: SavedResponse | undefined;
  try {
    const keyError = checkKey(entry.apiKey ?? undefined, deps.revoked);
    if (keyError) return errorReply(keyError, entry);
    const version = call.headers['stripe-version'];
    if (version !== undefined && version !== STRIPE_API_VERSION) {
      return errorReply(
        invalidRequest(
          `This emulator serves Stripe API version ${STRIPE_API_VERSION} only; the request asked for '${version}'.`,
          {
            code: 'api_version_invalid',
          },
        ),
        entry,
      );
    }
    const match = deps.router.match(call.method, call.path);
    const operation = match ? operations[match.route.operation.operationId] : undefined;
    if (!match || !operation) return errorReply(unrecognizedUrl(call.method, call.path), entry);
    if (call.decodeError) throw call.decodeError;

    if (entry.idempotencyKey && call.method === 'POST') {
      const scope = entry.apiKey ?? '';
      const claim = deps.idempotency.claim(scope, entry.idempotencyKey, fingerprint(call.method, call.path, entry.params));
      if (claim.kind === 'replay') replay = claim.saved;
      else claimed = { scope, key: entry.idempotencyKey };
    }

    const latency = deps.faults.latencyMs + (fault?.kind === 'latency' ? fault.ms : 0);
    if (latency > 0) await delay(latency);
    if (fault?.kind === 'drop-before') return dropped(entry, false);
    if (fault?.kind === 'rate-limit') return errorReply(rateLimitFault(fault), entry);
    if (deps.faults.overRateLimit(entry.apiKey ?? '')) {
      entry.fault = 'rate-limit-exceeded';
      return errorReply(rateLimited(), entry);
    }
    if (fault?.kind === 'server-error') return errorReply(apiError(), entry);
    if (fault?.kind === 'refuse') return errorReply(invalidRequest(fault.message), entry);
    // Network faults hit replays too; a replay itself changes nothing.
    if (replay) return fault?.kind === 'drop-after' ? dropped(entry, false) : replayed(replay, entry);

    const { schema, validate } = requestValidator(match.route.method, match.route.operation);
    const params = prepareParams(structuredClone(entry.params), schema);
    if (!validate(params)) return errorReply(toStripeError(validate.errors ?? []), entry);
    const overLimit = metadataOverLimit(params);
    if (overLimit) return errorReply(overLimit, entry);

    // From here on the endpoint "started executing": its result, error or not, is kept for the key.
    const extra: Record<string, string> = entry.idempotencyKey ? { 'Idempotency-Key': entry.idempotencyKey } : {};
    let outcome: Outcome;
    try {
      const livemode = isLiveKey(entry.apiKey ?? '');
      const run = () => operation({ params, path: match.path, state: deps.state, livemode });
      const request = { id: entry.requestId, idempotencyKey: entry.idempotencyKey, livemode };
      const result = withClock(deps.state.clock, () => (call.method === 'GET' ? run() : deps.state.write(request, run)));
      const expansions = Array.isArray(params.expand) ? (params.expand as string[]) : [];
      outcome = reply(200, expansions.length > 0 ? expand(result, expansions, deps.state) : result, entry, extra);
    } catch (error) {
      if (!(error instanceof EmulatedError)) throw error;
      outcome = errorReply(error, entry);
    }
    if (claimed && outcome.kind === 'reply') {
      deps.idempotency.save(claimed.scope, claimed.key, { status: outcome.status, body: outcome.body });
    }
    claimed = undefined;
    if (fault?.kind === 'drop-after') return dropped(entry, true);
    return outcome;
  } catch (error) {
    if (error instanceof EmulatedError) return errorReply(error, entry);
    if (error instanceof FormDecodeError) {
      return errorReply(invalidRequest(`Invalid parameter name: ${error.param}`, { param: error.param }), entry);
    }
    return errorReply(apiError(), entry);
  } finally {
    if (claimed) deps.idempotency.release(claimed.scope, claimed.key);
  }
}

function replayed(saved: SavedResponse, entry: LoggedRequest): Outcome {
  entry.replayed = true;
  entry.status = saved.status;
  return {
    kind: 'reply',
    status: saved.status,
    body: saved.body,
    headers: {
      'Request-Id': entry.requestId,
      'Stripe-Version': STRIPE_API_VERSION,
      'Idempotency-Key': entry.idempotencyKey ?? '',
      'Idempotent-Replayed': 'true',
    },
  };
}

function dropped(entry: LoggedRequest, applied: boolean): Outcome {
  entry.status = null;
  entry.applied = applied;
  return { kind: 'drop' };
}

function rateLimitFault(fault: Extract<Fault, { kind: 'rate-limit' }>): EmulatedError {
  const error = rateLimited();
  const headers: Record<string, string> = {};
  if (fault.shouldRetry !== undefined) headers['Stripe-Should-Retry'] = String(fault.shouldRetry);
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
  return new EmulatedError(error.status, error.body, headers);
}

/** Decoded parameters for the log, or a decode error that the pipeline reports as a 400. */
export function decodeParams(call: IncomingCall): { params: FormObject; error?: FormDecodeError } {
  try {
    return { params: decodeRequestParams(call.query, call.body) };
  } catch (error) {
    if (error instanceof FormDecodeError) return { params: {}, error };
    throw error;
  }
}
