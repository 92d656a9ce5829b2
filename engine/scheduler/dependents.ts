import type { Db } from '../store/db';
import { enqueueRun } from '../runs/repository';
import type { RunRecord } from '../runs/types';

/**
 * Queues one run (trigger 'after') for each enabled connection that runs after the
 * connection of `finishedRun`, when that run succeeded or was partial; a run that failed
 * outright starts nothing. A dependent already queued or running is skipped, and calling
 * this twice for the same finished run queues nothing the second time, so the runner can
 * call it safely, ideally in the transaction that records the run as finished.
 */
export async function enqueueDependents(
  db: Db,
  finishedRun: Pick<RunRecord, 'id' | 'connection_id' | 'status'>,
): Promise<RunRecord[]> {
  if (finishedRun.status !== 'succeeded' && finishedRun.status !== 'partial') return [];
  const dependents = (await db('connections as c')
    .select('c.id', 'c.workspace_id')
    .where({ 'c.run_after': finishedRun.connection_id, 'c.enabled': true })
    .whereNotExists(function alreadyFollowed() {
      this.select(db.raw('1')).from('runs as r').whereRaw('r.connection_id = c.id').andWhere('r.after_run_id', finishedRun.id);
    })
    .orderBy('c.created_at')) as Array<{ id: string; workspace_id: string }>;
  const enqueued: RunRecord[] = [];
  for (const dependent of dependents) {
    const run = await enqueueRun(db, {
      workspaceId: dependent.workspace_id,
      connectionId: dependent.id,
      trigger: 'after',
      afterRunId: finishedRun.id,
    });
    if (run) enqueued.push(run);
  }
  return enqueued;
}

/** Connections that run after `connectionId` (so it cannot be deleted), by name. */
export async function listDependents(db: Db, connectionId: string): Promise<Array<{ id: string; name: string }>> {
  return (await db('connections').select('id', 'name').where({ run_after: connectionId }).orderBy('name')) as Array<{
    id: string;
    name: string;
  }>;
}
