import type { Db } from '../store/db';
import type { Schedule } from '../schedule';

export interface DueConnection {
  id: string;
  workspace_id: string;
  schedule: Schedule | null;
  next_run_at: Date;
  workspace_timezone: string;
}

/**
 * Locks up to `limit` connections whose due time has come, oldest first. SKIP LOCKED lets
 * several scheduler processes share the work without waiting on each other; a row one of
 * them holds is simply left to it. Connections with a run still queued or running are not
 * picked (they would only take a batch slot and fail to enqueue); they wait, keeping their
 * due time, and get one run for it once the active run has finished.
 *
 * `offset 0` keeps the active-run check a per-row probe of the unique index on active runs.
 * Without it PostgreSQL may turn it into an anti join, and with statistics that lag behind
 * a burst of new runs it picked a nested loop over every queued run (200 ms per batch).
 */
export async function lockDueConnections(trx: Db, now: Date, limit: number): Promise<DueConnection[]> {
  const result = await trx.raw<{ rows: DueConnection[] }>(
    `select c.id, c.workspace_id, c.schedule, c.next_run_at, w.timezone as workspace_timezone
       from connections c
       join workspaces w on w.id = c.workspace_id
      where c.enabled and c.run_after is null
        and c.next_run_at is not null and c.next_run_at <= :now
        and not exists (select 1 from runs r
                         where r.connection_id = c.id and r.status in ('queued', 'running') offset 0)
      order by c.next_run_at
      limit :limit
      for update of c skip locked`,
    { now, limit },
  );
  return result.rows;
}

/** Moves each connection's due time on in one statement. */
export async function setNextRunAt(trx: Db, updates: Array<{ id: string; nextRunAt: Date | null }>): Promise<void> {
  if (updates.length === 0) return;
  await trx.raw(
    `update connections c set next_run_at = v.next_run_at
       from unnest(:ids::uuid[], :times::timestamptz[]) as v(id, next_run_at)
      where c.id = v.id`,
    { ids: updates.map((update) => update.id), times: updates.map((update) => update.nextRunAt) },
  );
}

/** Whether the run for this schedule slot already exists (another scheduler got there first). */
export async function slotAlreadyEnqueued(trx: Db, connectionId: string, dueAt: Date): Promise<boolean> {
  const row = await trx('runs').where({ connection_id: connectionId, due_at: dueAt }).first('id');
  return row !== undefined;
}

/** The earliest due time among connections the scheduler could queue now, if any. */
export async function earliestDueTime(db: Db): Promise<Date | null> {
  const result = await db.raw<{ rows: Array<{ next_run_at: Date | null }> }>(
    `select c.next_run_at
       from connections c
      where c.enabled and c.run_after is null and c.next_run_at is not null
        and not exists (select 1 from runs r
                         where r.connection_id = c.id and r.status in ('queued', 'running') offset 0)
      order by c.next_run_at
      limit 1`,
  );
  return result.rows[0]?.next_run_at ?? null;
}
