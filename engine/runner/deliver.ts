import type { ActionDefinition, ActionResult, ConnectorContext, JsonObject } from '../../connectors/sdk';
import { ConnectorError, isConnectorError } from '../../connectors/sdk';
import { destinationThrottled } from '../metrics';
import type { ItemOutcome } from '../runs/types';
import { idempotencyKey, itemTag } from './idempotency';
import type { KeyLocks } from './key-locks';
import type { CompiledMapping } from '../mapping';
import { withRetries, type RetryPolicy } from './retry';
import type { FeedItem } from './source-feed';

export interface DeliveryContext {
  connectionId: string;
  /** The destination connector's id, for metrics. */
  connector: string;
  mapping: CompiledMapping;
  action: ActionDefinition;
  credentials: JsonObject;
  options: JsonObject;
  context: ConnectorContext;
  /** Items with the same natural key take turns (see ActionDefinition.naturalKey). */
  locks: KeyLocks;
  /** Natural keys are unique per destination account: its id (or the connection's). */
  keyScope: string;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  shouldStop: () => boolean;
}

export interface Delivery {
  outcome: ItemOutcome;
  /** An auth or config failure: no later item can succeed either, so the run stops. */
  fatal?: ConnectorError;
}

export function errorRecord(error: ConnectorError): JsonObject {
  return { kind: error.kind, message: error.message, ...error.details };
}

/** The record of an item the destination took (or deliberately skipped). */
export function sentOutcome(item: FeedItem, mapped: JsonObject, value: ActionResult, attempts: number): ItemOutcome {
  const { objectId, summary, url, output, skipped } = value;
  return {
    itemKey: item.key,
    source: item.data,
    status: skipped ? 'skipped' : 'sent',
    mapped,
    destinationObjectId: objectId,
    attempts,
    error: null,
    result: summary || url || output ? { summary: summary ?? null, url: url ?? null, output: output ?? null } : null,
  };
}

/** Maps one item and performs the destination action, retrying what is retryable. */
export async function deliverItem(item: FeedItem, ctx: DeliveryContext): Promise<Delivery> {
  const base = { itemKey: item.key, source: item.data, destinationObjectId: null };
  const mapped = await ctx.mapping.apply(item.data);
  if (!mapped.ok) {
    const message = mapped.errors.map((error) => error.message).join('; ');
    return {
      outcome: {
        ...base,
        status: 'failed',
        mapped: null,
        attempts: 0,
        error: { kind: 'mapping', message, fields: mapped.errors as unknown as JsonObject[] },
      },
    };
  }
  const naturalKey = ctx.action.naturalKey?.({ options: ctx.options, input: mapped.input }) ?? null;
  const tag = itemTag(ctx.connectionId, item.key);
  let lookFirst = mustLookFirst(item, ctx.action);
  let requested = false;
  const attempt = async () => {
    // Each request of an attempt waits for the account's rate (ctx.context.beforeRequest),
    // so retries after a 429 cannot make the storm worse; a stopping run sends nothing new,
    // also after waiting its turn for the item's natural key.
    if (ctx.shouldStop()) throw new ConnectorError('retryable', NOT_ATTEMPTED);
    requested = true;
    try {
      if (lookFirst) {
        const found = await ctx.action.findDelivered!.find({
          credentials: ctx.credentials,
          options: ctx.options,
          input: mapped.input,
          itemTag: tag,
          since: item.earlierAttempt!.at,
          idempotencyKey: (step) => idempotencyKey(ctx.connectionId, item.key, step),
          context: ctx.context,
        });
        // Looked once: a retry after a failed send below relies on its keys again.
        lookFirst = false;
        if (found) return found;
      }
      return await ctx.action.execute({
        credentials: ctx.credentials,
        options: ctx.options,
        input: mapped.input,
        idempotencyKey: (step) => idempotencyKey(ctx.connectionId, item.key, step),
        context: ctx.context,
        connectionId: ctx.connectionId,
        emptyInputs: mapped.empty,
        itemTag: tag,
      });
    } catch (caught) {
      if (isConnectorError(caught) && caught.details.statusCode === 429) destinationThrottled.inc({ connector: ctx.connector });
      throw caught;
    }
  };
  const result = await withRetries(
    () => (naturalKey === null ? attempt() : ctx.locks.withKey(`${ctx.keyScope}:${naturalKey}`, attempt, ctx.shouldStop)),
    { policy: ctx.policy, sleep: ctx.sleep, shouldStop: ctx.shouldStop },
  );
  if (result.value) return { outcome: sentOutcome(item, mapped.input, result.value, result.attempts) };
  if (!requested && ctx.shouldStop()) {
    // Never reached the destination: not a failure of this item, just not its turn yet.
    return { outcome: notAttempted(item, mapped.input) };
  }
  const error = result.error ?? new ConnectorError('item', 'The action failed without an error message.');
  return {
    outcome: { ...base, status: 'failed', mapped: mapped.input, attempts: result.attempts, error: errorRecord(error) },
    fatal: error.kind === 'auth' || error.kind === 'config' ? error : undefined,
  };
}

/**
 * Whether an earlier attempt at this item may have created its object where its
 * idempotency keys no longer protect it: the attempt's outcome was never recorded and it
 * started longer ago than the destination keeps keys. Only then is a look-up worth its
 * request; every other item is simply sent.
 */
function mustLookFirst(item: FeedItem, action: ActionDefinition): boolean {
  const finder = action.findDelivered;
  return finder !== undefined && item.earlierAttempt !== undefined && item.earlierAttempt.secondsAgo >= finder.afterSeconds;
}

const NOT_ATTEMPTED = 'Not sent: the run stopped before this item’s turn.';

/** The run log entry of an item the run stopped before (it is sent by the next run). */
export function notAttempted(item: FeedItem, mapped: JsonObject | null = null): ItemOutcome {
  return {
    itemKey: item.key,
    status: 'not_attempted',
    source: item.data,
    mapped,
    destinationObjectId: null,
    attempts: 0,
    error: { kind: 'not_attempted', message: 'Not attempted: the run stopped before this item’s turn. The next run sends it.' },
  };
}
