import type { Db } from '../../../engine/store/db';
import type { Schedule } from '../../../engine/schedule';

export async function createWorkspace(db: Db, timezone = 'Europe/Berlin'): Promise<string> {
  const [workspace] = (await db('workspaces').insert({ name: 'Acme', timezone }).returning('id')) as Array<{ id: string }>;
  return workspace!.id;
}

export async function createConnection(
  db: Db,
  workspaceId: string,
  fields: { name?: string; schedule?: Schedule | null; enabled?: boolean; nextRunAt?: Date | null; runAfter?: string | null },
): Promise<string> {
  const [connection] = (await db('connections')
    .insert({
      workspace_id: workspaceId,
      name: fields.name ?? 'Leads -> customers',
      source_connector: 'webhook',
      source_trigger: 'new-payload',
      destination_connector: 'stripe',
      destination_action: 'create-customer',
      schedule: fields.schedule === undefined || fields.schedule === null ? null : JSON.stringify(fields.schedule),
      enabled: fields.enabled ?? true,
      next_run_at: fields.nextRunAt ?? null,
      run_after: fields.runAfter ?? null,
    })
    .returning('id')) as Array<{ id: string }>;
  return connection!.id;
}

export async function runsOf(
  db: Db,
  connectionId: string,
): Promise<Array<{ trigger: string; due_at: Date | null; after_run_id: string | null; status: string }>> {
  return db('runs')
    .select('trigger', 'due_at', 'after_run_id', 'status')
    .where({ connection_id: connectionId })
    .orderBy('queued_at');
}

export async function nextRunAt(db: Db, connectionId: string): Promise<Date | null> {
  const row = (await db('connections').where({ id: connectionId }).first('next_run_at')) as { next_run_at: Date | null };
  return row.next_run_at;
}

/** Marks the connection's active run finished with `status`, as a worker would. */
export async function finishActiveRun(
  db: Db,
  connectionId: string,
  status: 'succeeded' | 'partial' | 'failed',
): Promise<{ id: string; connection_id: string; status: 'succeeded' | 'partial' | 'failed' }> {
  const [run] = (await db('runs')
    .where({ connection_id: connectionId })
    .whereIn('status', ['queued', 'running'])
    .update({ status, finished_at: db.fn.now() })
    .returning(['id', 'connection_id', 'status'])) as Array<{ id: string; connection_id: string; status: typeof status }>;
  if (!run) throw new Error('The connection has no active run to finish.');
  return run;
}

/** A clock the test moves by hand. */
export function manualClock(start: string): { now: () => Date; set(value: string): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(value: string) {
      current = new Date(value);
    },
  };
}
