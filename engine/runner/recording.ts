import { recordBatch } from '../runs/repository';
import type { ItemOutcome, RunRecord } from '../runs/types';
import type { Db } from '../store/db';
import { markProcessed } from '../webhooks/inbox';
import { itemsRecorded } from '../metrics';
import type { WriteBack } from './write-back';

/**
 * Whether a webhook payload is done with once this outcome is recorded. A payload the run
 * did not attempt, or that failed only because the account was refused (auth, config),
 * stays in the inbox so the next run sends it, as a sheet's next run re-reads such rows.
 */
function settles(outcome: ItemOutcome): boolean {
  if (outcome.status === 'not_attempted') return false;
  const kind = outcome.error?.kind;
  return !(outcome.status === 'failed' && (kind === 'auth' || kind === 'config'));
}

/**
 * Collects a run's item outcomes and writes them in batches, one transaction each, in
 * the order they were handed over (so the cursor in the last batch covers them all).
 */
export class RunRecorder {
  private outcomes: ItemOutcome[] = [];
  private processed: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** The destination connector's id, for the items-recorded metric (known once prepared). */
  connector = 'none';
  /** Set when the source writes results back: done for each batch once it is recorded. */
  writeBack: WriteBack | null = null;

  constructor(
    private readonly db: Db,
    private readonly run: Pick<RunRecord, 'id' | 'connection_id'>,
    private readonly flushSize: number,
  ) {}

  /** Queues one item's record; writes a batch once `flushSize` records wait. */
  async add(outcome: ItemOutcome, inboxId?: number): Promise<void> {
    this.outcomes.push(outcome);
    if (inboxId !== undefined && settles(outcome)) this.processed.push(inboxId);
    if (this.outcomes.length >= this.flushSize) await this.flush();
  }

  /** Writes what waits, with the source cursor when the read is complete. */
  flush(cursor?: { value: unknown }): Promise<void> {
    const outcomes = this.outcomes;
    const processed = this.processed;
    this.outcomes = [];
    this.processed = [];
    this.chain = this.chain.then(() =>
      recordBatch(this.db, {
        runId: this.run.id,
        connectionId: this.run.connection_id,
        outcomes,
        cursor,
        inTransaction: processed.length ? (trx) => markProcessed(trx, processed, this.run.id) : undefined,
      }).then(() => {
        // Counted once committed, so the figure matches the run log.
        for (const outcome of outcomes) itemsRecorded.inc({ connector: this.connector, status: outcome.status });
        return this.writeBack?.write(outcomes);
      }),
    );
    return this.chain;
  }
}
