import type { ConnectorContext, JsonObject, PollingTrigger, WriteBackItem } from '../../connectors/sdk';
import { isConnectorError } from '../../connectors/sdk';
import type { ItemOutcome } from '../runs/types';

/** Items written back per call: one request to the source for this many. */
const GROUP = 500;

/**
 * Waits before the 2nd and 3rd attempt of a write-back that failed in passing (a 5xx, a
 * dropped connection). Unlike a delivery, a write-back puts fixed values into fixed cells,
 * so repeating one whose answer was lost changes nothing twice.
 */
const RETRY_DELAYS_MS = [500, 2000];

async function withRetries(write: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const passing = !isConnectorError(error) || error.kind === 'retryable';
      if (!passing || attempt >= RETRY_DELAYS_MS.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]! * (1 + Math.random() * 0.2)));
    }
  }
}

export interface WriteBack {
  /** Writes back the sent items among `outcomes`; called once they are recorded. */
  write(outcomes: ItemOutcome[]): Promise<void>;
  /** Write-backs that failed in this run (the items themselves were delivered). */
  failures(): string[];
}

/**
 * The destination's results written back to the source items they came from, when the
 * source offers it and the connection asks for it. Only after the item is recorded as
 * sent, so a write-back never stands for a delivery that is not in the ledger; a failed
 * write-back is reported with the run and never undoes a delivery.
 */
export function writeBackFor(args: {
  trigger: PollingTrigger | null;
  credentials: JsonObject;
  options: JsonObject;
  context: ConnectorContext;
}): WriteBack | null {
  const { trigger } = args;
  if (!trigger?.writeBack || !trigger.writeBack.enabled(args.options)) return null;
  const write = trigger.writeBack.write;
  const failed: string[] = [];
  return {
    async write(outcomes) {
      const items: WriteBackItem[] = outcomes
        .filter((outcome) => outcome.status === 'sent')
        .map((outcome) => ({
          item: { key: outcome.itemKey, data: outcome.source },
          objectId: outcome.destinationObjectId,
          url: outcome.result?.url ?? null,
        }));
      for (let from = 0; from < items.length; from += GROUP) {
        const group = items.slice(from, from + GROUP);
        try {
          await withRetries(() =>
            write({ credentials: args.credentials, options: args.options, context: args.context, results: group }),
          );
        } catch (error) {
          const message = isConnectorError(error) || error instanceof Error ? error.message : String(error);
          failed.push(
            `${message} (${group.length} sent item${group.length === 1 ? '' : 's'} without their result in the source)`,
          );
          args.context.log?.('warn', 'Writing results back to the source failed', { message, items: group.length });
        }
      }
    },
    failures: () => failed,
  };
}
