import type { Db } from '../store/db';
import type { ItemOutcome, RunRecord, RunStatus, RunTrigger } from './types';

type Executor = Db; // a knex instance or a transaction

export interface EnqueueInput {
  workspaceId: string;
  connectionId: string;
  trigger: RunTrigger;
  dueAt?: Date | null;
  afterRunId?: string | null;
  retryOfRunId?: string | null;
}

/**
 * Queues a run unless the connection already has one queued or running, or this schedule
 * slot was already enqueued (both enforced by unique indexes, so several scheduler
 * processes can race safely). Returns the new run, or null when nothing was queued.
 */
export async function enqueueRun(db: Executor, input: EnqueueInput): Promise<RunRecord | null> {
  const [run] = await enqueueRuns(db, [input]);
  return run ?? null;
}

export async function activeRun(db: Executor, connectionId: string): Promise<RunRecord | null> {
  const row = (await db('runs').where({ connection_id: connectionId }).whereIn('status', ['queued', 'running']).first()) as
    RunRecord | undefined;
  return row ?? null;
}

export async function getRun(db: Executor, runId: string, workspaceId?: string): Promise<RunRecord | null> {
  const query = db('runs').where({ id: runId });
  if (workspaceId) query.andWhere({ workspace_id: workspaceId });
  return ((await query.first()) as RunRecord | undefined) ?? null;
}

/** Renews the lease; false when another worker has taken the run over. */
export async function renewLease(db: Db, runId: string, workerId: string, leaseSeconds: number): Promise<boolean> {
  const updated = await db('runs')
    .where({ id: runId, worker_id: workerId, status: 'running' })
    .update({ lease_expires_at: db.raw('now() + make_interval(secs => ?)', [leaseSeconds]) });
  return updated === 1;
}

/** Hands a run back to the queue (graceful shutdown) so another worker continues it. */
export async function releaseRun(db: Db, runId: string, workerId: string): Promise<void> {
  await db('runs')
    .where({ id: runId, worker_id: workerId, status: 'running' })
    .update({ status: 'queued', worker_id: null, lease_expires_at: null });
}

export async function finishRun(
  db: Executor,
  runId: string,
  workerId: string,
  status: Extract<RunStatus, 'succeeded' | 'partial' | 'failed'>,
  error: RunRecord['error'] = null,
): Promise<RunRecord | null> {
  const rows = (await db('runs')
    .where({ id: runId, worker_id: workerId, status: 'running' })
    .update({ status, error: error ? JSON.stringify(error) : null, finished_at: db.fn.now(), lease_expires_at: null })
    .returning('*')) as RunRecord[];
  return rows[0] ?? null;
}

/** Item keys of this connection already delivered, among `keys`, with the object each made. */
export async function deliveredKeys(db: Executor, connectionId: string, keys: string[]): Promise<Map<string, string | null>> {
  if (keys.length === 0) return new Map();
  const rows = (await db('ledger')
    .select('item_key', 'destination_object_id')
    .where({ connection_id: connectionId })
    .whereIn('item_key', keys)) as Array<{ item_key: string; destination_object_id: string | null }>;
  return new Map(rows.map((row) => [row.item_key, row.destination_object_id]));
}

// An item's record in a run only moves forward: a worker that takes a run over re-reads
// items the first worker already sent, finds them in the ledger and calls them skipped;
// that must not overwrite "sent" and its object id (issue 10.3).
const PROGRESS = "array['not_attempted', 'failed', 'skipped', 'sent']";

/**
 * Records a batch of item outcomes, their ledger entries and the run's counts in one
 * transaction; the caller passes the source cursor that covers the batch, if any, so
 * it advances together with what it covers.
 */
export async function recordBatch(
  db: Db,
  input: {
    runId: string;
    connectionId: string;
    outcomes: ItemOutcome[];
    cursor?: { value: unknown };
    /** False for items that are no real source item (a test send of sample data). Default true. */
    inLedger?: boolean;
    /** More writes that must commit with these records (marking webhook deliveries processed). */
    inTransaction?: (trx: Executor) => Promise<unknown>;
  },
): Promise<void> {
  await db.transaction(async (trx) => {
    if (input.inTransaction) await input.inTransaction(trx);
    if (input.outcomes.length > 0) {
      await trx('run_items')
        .insert(
          input.outcomes.map((outcome) => ({
            run_id: input.runId,
            connection_id: input.connectionId,
            item_key: outcome.itemKey,
            status: outcome.status,
            source: JSON.stringify(outcome.source),
            mapped: outcome.mapped ? JSON.stringify(outcome.mapped) : null,
            destination_object_id: outcome.destinationObjectId,
            error: outcome.error ? JSON.stringify(outcome.error) : null,
            attempts: outcome.attempts,
            result: outcome.result ? JSON.stringify(outcome.result) : null,
            note: outcome.note ? JSON.stringify(outcome.note) : null,
          })),
        )
        // A run taken over after a crash may meet items its first worker already recorded.
        .onConflict(['run_id', 'item_key'])
        .merge(['status', 'mapped', 'destination_object_id', 'error', 'attempts', 'result', 'note', 'updated_at'])
        .whereRaw(`array_position(${PROGRESS}, excluded.status) >= array_position(${PROGRESS}, run_items.status)`);
      const sent = input.inLedger === false ? [] : input.outcomes.filter((outcome) => outcome.status === 'sent');
      if (sent.length > 0) {
        await trx('ledger')
          .insert(
            sent.map((outcome) => ({
              connection_id: input.connectionId,
              item_key: outcome.itemKey,
              destination_object_id: outcome.destinationObjectId,
              run_id: input.runId,
            })),
          )
          .onConflict(['connection_id', 'item_key'])
          .ignore();
      }
      // Their outcome is known now: no later send needs to look for an earlier attempt. An
      // item the action itself skipped ran (attempts > 0); one skipped without running (a
      // repeat of a key earlier in the read) says nothing of that key's own attempt.
      const settled = input.outcomes.filter(
        (outcome) =>
          (outcome.status === 'skipped' && outcome.attempts > 0) || (outcome.status === 'sent' && input.inLedger !== false),
      );
      if (settled.length > 0) {
        await trx('item_attempts')
          .where({ connection_id: input.connectionId })
          .whereIn(
            'item_key',
            settled.map((outcome) => outcome.itemKey),
          )
          .del();
      }
    }
    await refreshCounts(trx, input.runId);
    if (input.cursor) {
      await trx('source_state')
        .insert({ connection_id: input.connectionId, cursor: JSON.stringify(input.cursor.value), updated_at: trx.fn.now() })
        .onConflict('connection_id')
        .merge(['cursor', 'updated_at']);
    }
  });
}

async function refreshCounts(db: Executor, runId: string): Promise<void> {
  await db.raw(
    `update runs set
        items_total = c.total, items_sent = c.sent, items_skipped = c.skipped, items_failed = c.failed,
        items_not_attempted = c.not_attempted
       from (select count(*) as total,
                    count(*) filter (where status = 'sent') as sent,
                    count(*) filter (where status = 'skipped') as skipped,
                    count(*) filter (where status = 'failed') as failed,
                    count(*) filter (where status = 'not_attempted') as not_attempted
               from run_items where run_id = :runId) c
      where runs.id = :runId`,
    { runId },
  );
}

export async function readCursor(db: Executor, connectionId: string): Promise<{ value: unknown } | null> {
  const row = (await db('source_state').where({ connection_id: connectionId }).first()) as { cursor: unknown } | undefined;
  return row ? { value: row.cursor } : null;
}

export async function writeCursor(db: Executor, connectionId: string, value: unknown): Promise<void> {
  await db('source_state')
    .insert({ connection_id: connectionId, cursor: JSON.stringify(value), updated_at: db.fn.now() })
    .onConflict('connection_id')
    .merge(['cursor', 'updated_at']);
}

/**
 * enqueueRun for many connections in one statement (the scheduler's batches); the same
 * unique indexes make it idempotent. Returns only the runs that were queued.
 */
export async function enqueueRuns(db: Executor, inputs: EnqueueInput[]): Promise<RunRecord[]> {
  if (inputs.length === 0) return [];
  return (await db
    .insert(
      inputs.map((input) => ({
        workspace_id: input.workspaceId,
        connection_id: input.connectionId,
        trigger: input.trigger,
        due_at: input.dueAt ?? null,
        after_run_id: input.afterRunId ?? null,
        retry_of_run_id: input.retryOfRunId ?? null,
      })),
    )
    .into('runs')
    .onConflict()
    .ignore()
    .returning('*')) as RunRecord[];
}

/** The items a run recorded as sent so far, as outcomes (for a run's next attempt after a crash). */
export async function sentItemsOfRun(db: Executor, runId: string): Promise<ItemOutcome[]> {
  const rows = (await db('run_items').where({ run_id: runId, status: 'sent' }).orderBy('id')) as Array<{
    item_key: string;
    source: Record<string, unknown>;
    mapped: Record<string, unknown> | null;
    destination_object_id: string | null;
    attempts: number;
    result: ItemOutcome['result'];
  }>;
  return rows.map((row) => ({
    itemKey: row.item_key,
    status: 'sent',
    source: row.source,
    mapped: row.mapped,
    destinationObjectId: row.destination_object_id,
    error: null,
    attempts: row.attempts,
    result: row.result,
  }));
}
