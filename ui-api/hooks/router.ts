import express, { ErrorRequestHandler, Request, RequestHandler, Response, Router } from 'express';
import type { Logger } from '../../engine/log/logger';
import type { Db } from '../../engine/store/db';
import {
  BurstLimit,
  BurstLimiter,
  burstLimitFromOptions,
  deliveryIsAuthentic,
  deliveryKey,
  headersToStore,
  InboxWriter,
  InstantNotifier,
  openWebhookSecret,
  parsePayload,
  PayloadError,
  protectionFromOptions,
  serializePayload,
  WebhookConnection,
  WebhookConnectionCache,
} from '../../engine/webhooks';

export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface HooksDependencies {
  db: Db;
  /** Only `secretKey` is read: it opens connections.webhook_secret_encrypted. */
  config: { secretKey: Buffer };
  logger?: Logger;
  /**
   * The connection's webhook secret in clear, or null when it has none. Default: opens
   * connections.webhook_secret_encrypted (migration 005) with config.secretKey.
   */
  resolveSecret?: (connection: WebhookConnection) => string | null | Promise<string | null>;
  /** Called after a payload of an enabled "instant" connection is stored, to enqueue a run. */
  onPayloadStored?: (connectionId: string) => void | Promise<void>;
  /**
   * Per-hook token bucket, shared by every process through PostgreSQL. Default: each
   * connection's own setting (source options deliveriesPerSecond / deliveryBurst); a
   * value here applies to every hook instead; null turns the limit off (benchmarks).
   */
  burstLimit?: BurstLimit | null;
  /** How long a hook's connection is remembered between deliveries. Default 1000 ms. */
  connectionCacheMs?: number;
  /** Clock for the burst limit and the cache (tests). */
  now?: () => number;
  inbox?: { maxConcurrentBatches?: number; maxBatchSize?: number };
  /** Receives the router's inbox writer (benchmarks read its batch statistics). */
  onInboxWriter?: (writer: InboxWriter) => void;
}

type ErrorCode =
  | 'not_found'
  | 'method_not_allowed'
  | 'too_many_requests'
  | 'invalid_signature'
  | 'payload_too_large'
  | 'malformed_json'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  not_found: 404,
  method_not_allowed: 405,
  too_many_requests: 429,
  invalid_signature: 401,
  payload_too_large: 413,
  malformed_json: 400,
  unsupported_media_type: 415,
  validation_failed: 400,
  internal: 500,
};

class HookError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

// One body for every unknown token, path or method under /hooks (a GET of a known token
// aside, see below): nothing tells a guesser whether a token exists.
const NOT_FOUND = new HookError('not_found', 'There is no webhook at this address. Check the URL in the connection’s settings.');

function send(res: Response, error: HookError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(STATUS[error.code]).json({ error: { code: error.code, message: error.message, details: {} } });
}

function queryOf(req: Request): URLSearchParams {
  const at = req.originalUrl.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : req.originalUrl.slice(at + 1));
}

/**
 * `POST|PUT /hooks/<token>`: authenticates a delivery by the connection's protection,
 * stores it in the inbox (committed) and only then answers `{ received: true, id }`.
 * Mount before the app's error middleware; this router answers all its own errors.
 */
export function hooksRouter(deps: HooksDependencies): Router {
  const connections = new WebhookConnectionCache(deps.db, deps.connectionCacheMs ?? 1000, deps.now);
  const limiter = deps.burstLimit === null ? null : new BurstLimiter(deps.db, deps.now);
  const limitOf = (connection: WebhookConnection) => deps.burstLimit ?? burstLimitFromOptions(connection.sourceOptions);
  const writer = new InboxWriter(deps.db, deps.inbox);
  deps.onInboxWriter?.(writer);
  const resolveSecret =
    deps.resolveSecret ??
    ((connection: WebhookConnection) =>
      connection.secretEncrypted ? openWebhookSecret(connection.secretEncrypted, deps.config.secretKey) : null);
  const notifier = deps.onPayloadStored
    ? new InstantNotifier(deps.onPayloadStored, (err, connectionId) =>
        deps.logger?.error({ err, connectionId }, 'could not start an instant run for a webhook payload'),
      )
    : null;
  const readRawBody = express.raw({ type: () => true, limit: MAX_PAYLOAD_BYTES });

  const receive: RequestHandler = async (req, res) => {
    const connection = await connections.get(String(req.params.token));
    if (!connection) throw NOT_FOUND;

    const wait = limiter ? await limiter.take(connection.id, limitOf(connection)) : 0;
    if (wait > 0) {
      throw new HookError('too_many_requests', `This webhook receives too many deliveries at once. Retry in ${wait} s.`, {
        'Retry-After': String(wait),
      });
    }

    await new Promise<void>((resolve, reject) => readRawBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);

    const protection = protectionFromOptions(connection.sourceOptions);
    const secret = protection.kind === 'none' ? null : await resolveSecret(connection);
    if (!deliveryIsAuthentic({ protection, secret, headers: req.headers, rawBody })) {
      throw new HookError(
        'invalid_signature',
        protection.kind === 'hmac-sha256'
          ? 'The signature header is missing or does not match the body signed with this connection’s secret.'
          : 'The secret header is missing or does not match this connection’s secret.',
      );
    }

    const payloadJson = serializePayload(
      parsePayload({ contentType: req.headers['content-type'], rawBody, query: queryOf(req) }),
    );
    const stored = await writer.store({
      connectionId: connection.id,
      deliveryKey: deliveryKey(req.headers),
      payloadJson,
      headers: headersToStore(req.headers, protection.kind === 'none' ? [] : [protection.header]),
    });
    res
      .status(200)
      .json(stored.duplicate ? { received: true, id: stored.id, duplicate: true } : { received: true, id: stored.id });

    // A disabled connection keeps collecting; its payloads wait for it to be enabled.
    if (!stored.duplicate && connection.enabled && connection.sourceOptions.instant === true) notifier?.notify(connection.id);
  };

  const renderError: ErrorRequestHandler = (error, req, res, _next) => {
    if (error instanceof HookError) return send(res, error);
    if (error instanceof PayloadError) return send(res, new HookError(error.code, error.message));
    const parserError = error as { type?: string; status?: number; code?: string };
    if (parserError?.type === 'entity.too.large') {
      return send(
        res,
        new HookError(
          'payload_too_large',
          `The body is larger than ${MAX_PAYLOAD_BYTES} bytes (1 MB). Send less data per delivery.`,
        ),
      );
    }
    // The connection was deleted between look-up and insert.
    if (parserError?.code === '23503') return send(res, NOT_FOUND);
    if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      return send(
        res,
        new HookError('validation_failed', 'The request body could not be read. Check its Content-Encoding and charset.'),
      );
    }
    deps.logger?.error({ err: error, method: req.method }, 'webhook delivery failed');
    return send(res, new HookError('internal', 'The delivery could not be stored. It was not accepted; send it again.'));
  };

  // Someone opening the URL in a browser learns how to use it. Only a holder of the
  // (unguessable) URL gets this answer; an unknown token still gets the one 404.
  const explainMethod: RequestHandler = async (req) => {
    if (!(await connections.get(String(req.params.token)))) throw NOT_FOUND;
    throw new HookError(
      'method_not_allowed',
      'This webhook receives data by POST (or PUT), usually JSON with Content-Type: application/json; opening it in a browser sends nothing. Post a test payload, e.g. curl -X POST -H "Content-Type: application/json" -d \'{"email":"ann@example.com"}\' followed by this URL.',
      { Allow: 'POST, PUT' },
    );
  };

  const router = Router();
  router.post('/:token', receive);
  router.put('/:token', receive);
  router.get('/:token', explainMethod);
  router.use(() => {
    throw NOT_FOUND;
  });
  router.use(renderError);
  return router;
}
