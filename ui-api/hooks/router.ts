import express, { ErrorRequestHandler, Request, RequestHandler, Router } from 'express';
import { connectors as shippedConnectors, type ConnectorRegistry } from '../../connectors';
import type { PushTrigger } from '../../connectors/sdk';
import type { Logger } from '../../engine/log/logger';
import type { Db } from '../../engine/store/db';
import {
  BurstLimit,
  BurstLimiter,
  burstLimitFromOptions,
  checkDelivery,
  DEFAULT_MAX_PENDING_PAYLOADS,
  deliveryKey,
  headersToStore,
  InboxWriter,
  InstantNotifier,
  openWebhookSecret,
  parsePayload,
  PayloadError,
  PendingPayloadCap,
  protectionFromOptions,
  serializePayload,
  WebhookConnection,
  WebhookConnectionCache,
} from '../../engine/webhooks';
import { HookError, NOT_FOUND, sendHookError as send } from './errors';

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
  onPayloadStored?: (connectionId: string, workspaceId: string) => void | Promise<void>;
  /**
   * Per-hook token bucket, shared by every process through PostgreSQL. Default: each
   * connection's own setting (source options deliveriesPerSecond / deliveryBurst); a
   * value here applies to every hook instead; null turns the limit off (benchmarks).
   */
  burstLimit?: BurstLimit | null;
  /**
   * Unprocessed payloads a connection may hold; further deliveries get 429 with
   * Retry-After. Null turns the cap off. Default DEFAULT_MAX_PENDING_PAYLOADS.
   */
  maxPendingPayloads?: number | null;
  /** How long a hook's connection is remembered between deliveries. Default 1000 ms. */
  connectionCacheMs?: number;
  /** Clock for the burst limit, the cache and signature timestamps (tests). */
  now?: () => number;
  inbox?: { maxConcurrentBatches?: number; maxBatchSize?: number };
  /** Receives the router's inbox writer (benchmarks read its batch statistics). */
  onInboxWriter?: (writer: InboxWriter) => void;
  /** Where a connection's push trigger is looked up (its own signature check). Default: the shipped connectors. */
  connectors?: ConnectorRegistry;
}

type Accepted = Omit<Parameters<InboxWriter['store']>[0], 'connectionId'>;

/** The query string exactly as sent, without its "?" ('' when there is none). */
function rawQueryOf(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at === -1 ? '' : req.originalUrl.slice(at + 1);
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
  const maxPending = deps.maxPendingPayloads === undefined ? DEFAULT_MAX_PENDING_PAYLOADS : deps.maxPendingPayloads;
  const pendingCap = maxPending === null ? null : new PendingPayloadCap(deps.db, maxPending, deps.now);
  const now = deps.now ?? Date.now;
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

  // The generic webhook: the connection's own protection (none, shared secret, HMAC).
  const acceptProtected = async (
    req: Request,
    connection: WebhookConnection,
    rawBody: Buffer,
    rawQuery: string,
  ): Promise<Accepted> => {
    const protection = protectionFromOptions(connection.sourceOptions);
    const secret = protection.kind === 'none' ? null : await resolveSecret(connection);
    const check = checkDelivery({ protection, secret, headers: req.headers, rawBody, rawQuery, now: new Date(now()) });
    if (!check.ok) throw new HookError(check.code, check.message);
    return {
      deliveryKey: deliveryKey(req.headers),
      payloadJson: serializePayload(
        parsePayload({ contentType: req.headers['content-type'], rawBody, query: new URLSearchParams(rawQuery) }),
      ),
      headers: headersToStore(req.headers, protection.kind === 'none' ? [] : [protection.header]),
      signatureDigest: check.replayKey,
      signatureExpiresAt: check.replayKeyExpiresAt,
    };
  };

  // A service that signs its own deliveries (Stripe): its trigger checks the signature and
  // names the delivery (the event id), so a repeat is stored once.
  const acceptSigned = async (
    req: Request,
    connection: WebhookConnection,
    trigger: PushTrigger,
    rawBody: Buffer,
  ): Promise<Accepted | 'ignored'> => {
    const receipt = trigger.receive!({
      rawBody,
      headers: req.headers,
      secret: await resolveSecret(connection),
      options: connection.sourceOptions,
      timezone: connection.timezone,
      receivedAt: now(),
    });
    if (receipt.outcome === 'reject') throw new HookError('bad_signature', receipt.message);
    if (receipt.outcome === 'ignore') return 'ignored';
    return {
      deliveryKey: receipt.deliveryKey,
      payloadJson: JSON.stringify(receipt.payload),
      headers: headersToStore(req.headers, ['stripe-signature']),
    };
  };

  const receive: RequestHandler = async (req, res) => {
    const connection = await connections.get(String(req.params.token));
    if (!connection) throw NOT_FOUND;

    // Both may ask PostgreSQL (about once a second per hook): at once, not one after the other.
    const [wait, full] = await Promise.all([
      limiter ? limiter.take(connection.id, limitOf(connection)) : 0,
      pendingCap ? pendingCap.check(connection.id) : 0,
    ]);
    if (wait > 0) {
      throw new HookError('too_many_requests', `This webhook receives too many deliveries at once. Retry in ${wait} s.`, {
        'Retry-After': String(wait),
      });
    }

    if (full > 0) {
      throw new HookError(
        'too_many_requests',
        `This connection already holds ${maxPending} payloads that were not processed yet. Retry in ${full} s; ` +
          'its owner should turn it on or run it.',
        { 'Retry-After': String(full) },
      );
    }

    await new Promise<void>((resolve, reject) => readRawBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const rawQuery = rawQueryOf(req);

    const trigger = (deps.connectors ?? shippedConnectors).trigger(connection.sourceConnector, connection.sourceTrigger);
    const accepted =
      trigger?.kind === 'push' && trigger.receive
        ? await acceptSigned(req, connection, trigger, rawBody)
        : await acceptProtected(req, connection, rawBody, rawQuery);
    if (accepted === 'ignored') {
      res.status(200).json({ received: true, ignored: true });
      return;
    }
    const key = accepted.deliveryKey;
    const stored = await writer.store({ connectionId: connection.id, ...accepted });
    if (stored.keyReused) {
      throw new HookError(
        'idempotency_key_reused',
        `The delivery id "${key}" (Idempotency-Key or X-Request-Id) was already used for a different payload, so this ` +
          'one was not stored. Send new data with a new id; resend a delivery only with its original body.',
        {},
        { originalId: stored.id },
      );
    }
    if (!stored.duplicate) pendingCap?.stored(connection.id);
    res
      .status(200)
      .json(stored.duplicate ? { received: true, id: stored.id, duplicate: true } : { received: true, id: stored.id });

    // A disabled connection keeps collecting; its payloads wait for it to be enabled.
    if (!stored.duplicate && connection.enabled && connection.sourceOptions.instant === true)
      notifier?.notify(connection.id, connection.workspaceId);
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
