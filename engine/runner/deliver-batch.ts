// A run's items delivered in groups, for actions that take many items in one request
// (rows of a sheet): each group is mapped item by item, written through one writer opened
// once per run, and every item still gets its own outcome. An item whose write failed in a
// way that may or may not have been applied is retried flagged `uncertain`, so the
// destination looks for its marker instead of writing it twice.
import type { BatchItem, BatchOutcome, BatchWriter, JsonObject, JsonSchema } from '../../connectors/sdk';
import { ConnectorError, isConnectorError } from '../../connectors/sdk';
import type { DeliveryContext, Delivery } from './deliver';
import { errorRecord, sentOutcome } from './deliver';
import { idempotencyKey } from './idempotency';
import { retryDelayMs } from './retry';
import type { FeedItem } from './source-feed';

export interface BatchDeliveryContext extends DeliveryContext {
  inputSchema: JsonSchema;
  /**
   * Every item may already be in the destination: the run was taken over from a worker
   * that died or stopped mid-way, or it retries an earlier run's items.
   */
  uncertain: boolean;
}

interface Pending {
  item: FeedItem;
  batchItem: BatchItem;
  attempts: number;
}

function asConnectorError(error: unknown): ConnectorError {
  return isConnectorError(error) ? error : new ConnectorError('item', error instanceof Error ? error.message : String(error));
}

export class BatchDelivery {
  private writer: Promise<BatchWriter> | null = null;
  /** The delay the destination asked for before an item's next attempt (Retry-After). */
  private readonly retryAfter = new Map<Pending, number>();

  constructor(private readonly ctx: BatchDeliveryContext) {}

  private open(): Promise<BatchWriter> {
    const batch = this.ctx.action.batch!;
    this.writer ??= batch.open({
      credentials: this.ctx.credentials,
      options: this.ctx.options,
      context: this.ctx.context,
      connectionId: this.ctx.connectionId,
      inputSchema: this.ctx.inputSchema,
    });
    return this.writer;
  }

  /** Maps and writes `items`, retrying what is retryable: one delivery per item. */
  async deliver(items: FeedItem[]): Promise<Array<{ item: FeedItem; delivery: Delivery }>> {
    const { ctx } = this;
    const done: Array<{ item: FeedItem; delivery: Delivery }> = [];
    let pending: Pending[] = [];
    for (const item of items) {
      const mapped = await ctx.mapping.apply(item.data);
      if (!mapped.ok) {
        const message = mapped.errors.map((error) => error.message).join('; ');
        done.push({
          item,
          delivery: {
            outcome: {
              ...this.base(item),
              status: 'failed',
              mapped: null,
              attempts: 0,
              error: { kind: 'mapping', message, fields: mapped.errors as unknown as JsonObject[] },
            },
          },
        });
        continue;
      }
      const batchItem: BatchItem = {
        key: item.key,
        input: mapped.input,
        idempotencyKey: (step) => idempotencyKey(ctx.connectionId, item.key, step),
        emptyInputs: mapped.empty,
        // This item was attempted before with no recorded outcome, whatever the run.
        uncertain: ctx.uncertain || item.earlierAttempt !== undefined,
      };
      pending.push({ item, batchItem, attempts: 0 });
    }

    for (let round = 1; pending.length > 0; round++) {
      if (round > 1) {
        const waitFor = Math.max(...pending.map((entry) => this.retryAfter.get(entry) ?? 0));
        await ctx.sleep(retryDelayMs(ctx.policy, round - 1, waitFor));
      }
      if (ctx.shouldStop()) {
        const stopped = new ConnectorError('retryable', 'Not sent: the run stopped before this item’s turn.');
        done.push(...pending.map((entry) => ({ item: entry.item, delivery: this.failed(entry, stopped) })));
        break;
      }
      pending.forEach((entry) => (entry.attempts += 1));
      let outcomes: BatchOutcome[];
      try {
        outcomes = await (await this.open()).write(pending.map((entry) => entry.batchItem));
      } catch (error) {
        const failure = asConnectorError(error);
        outcomes = pending.map(() => failure);
      }
      const again: Pending[] = [];
      pending.forEach((entry, index) => {
        const outcome = outcomes[index] ?? new ConnectorError('retryable', 'The destination gave no outcome for this item.');
        if (!isConnectorError(outcome)) {
          done.push({ item: entry.item, delivery: this.sent(entry, outcome) });
        } else if (outcome.kind === 'retryable' && entry.attempts < ctx.policy.maxAttempts) {
          // Google may have applied the write before failing to answer: look before writing again.
          entry.batchItem = { ...entry.batchItem, uncertain: true };
          this.retryAfter.set(entry, outcome.retryAfterMs ?? 0);
          again.push(entry);
        } else {
          done.push({ item: entry.item, delivery: this.failed(entry, outcome) });
        }
      });
      pending = again;
    }
    return done;
  }

  private base(item: FeedItem) {
    return { itemKey: item.key, source: item.data, destinationObjectId: null };
  }

  private sent(entry: Pending, result: Exclude<BatchOutcome, ConnectorError>): Delivery {
    return { outcome: sentOutcome(entry.item, entry.batchItem.input, result, entry.attempts) };
  }

  private failed(entry: Pending, error: ConnectorError): Delivery {
    return {
      outcome: {
        ...this.base(entry.item),
        status: 'failed',
        mapped: entry.batchItem.input,
        attempts: entry.attempts,
        error: errorRecord(error),
      },
      fatal: error.kind === 'auth' || error.kind === 'config' ? error : undefined,
    };
  }
}
