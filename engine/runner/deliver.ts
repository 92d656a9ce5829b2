import type { ActionDefinition, ActionResult, ConnectorContext, JsonObject } from '../../connectors/sdk';
import { ConnectorError, isConnectorError } from '../../connectors/sdk';
import { destinationThrottled } from '../metrics';
import type { ItemOutcome } from '../runs/types';
import { idempotencyKey } from './idempotency';
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
  const result = await withRetries(
    async () => {
      // Each request of an attempt waits for the account's rate (ctx.context.beforeRequest),
      // so retries after a 429 cannot make the storm worse; a stopping run sends nothing new.
      if (ctx.shouldStop()) throw new ConnectorError('retryable', 'Not sent: the run stopped before this item’s turn.');
      try {
        return await ctx.action.execute({
          credentials: ctx.credentials,
          options: ctx.options,
          input: mapped.input,
          idempotencyKey: (step) => idempotencyKey(ctx.connectionId, item.key, step),
          context: ctx.context,
          connectionId: ctx.connectionId,
          emptyInputs: mapped.empty,
        });
      } catch (caught) {
        if (isConnectorError(caught) && caught.details.statusCode === 429) destinationThrottled.inc({ connector: ctx.connector });
        throw caught;
      }
    },
    { policy: ctx.policy, sleep: ctx.sleep, shouldStop: ctx.shouldStop },
  );
  if (result.value) return { outcome: sentOutcome(item, mapped.input, result.value, result.attempts) };
  const error = result.error ?? new ConnectorError('item', 'The action failed without an error message.');
  return {
    outcome: { ...base, status: 'failed', mapped: mapped.input, attempts: result.attempts, error: errorRecord(error) },
    fatal: error.kind === 'auth' || error.kind === 'config' ? error : undefined,
  };
}
