import type { ConnectionRecord } from '../connections/types';
import { enqueueRun } from '../runs/repository';
import type { RunRecord } from '../runs/types';
import type { Db } from '../store/db';

/** An enabled webhook connection set to "Process instantly" starts a run for every payload. */
export function startsInstantRuns(connection: Pick<ConnectionRecord, 'enabled' | 'source_options'>): boolean {
  return connection.enabled && connection.source_options.instant === true;
}

/**
 * Queues the run that a payload stored while `run` was running could not queue itself
 * (issue 10.8). The ingress queues a run with "insert unless the connection has one
 * queued or running", so a payload stored after the running run's last read of the
 * inbox queued nothing. Called in the transaction that marks the run finished: a payload
 * committed before this look-up is seen here; one committed after it finds the run
 * finished (its insert waits for this transaction) and queues its own run. Payloads
 * the run read and left for later (not attempted) queue nothing, so a failing run
 * cannot start itself again and again. Payloads are told apart by the ids the run read,
 * not by "newer than the last one read": ids are drawn before their rows commit, so a
 * payload can commit after a newer one that the run already read.
 */
export async function queueInstantFollowUp(trx: Db, args: { run: RunRecord; readInboxIds: number[] }): Promise<RunRecord | null> {
  // Read now, not at the run's start: the connection may have been switched off meanwhile.
  const connection = (await trx('connections').where({ id: args.run.connection_id }).first('enabled', 'source_options')) as
    Pick<ConnectionRecord, 'enabled' | 'source_options'> | undefined;
  if (!connection || !startsInstantRuns(connection)) return null;
  const waiting = await trx('webhook_inbox')
    .where({ connection_id: args.run.connection_id })
    .whereNull('processed_at')
    .andWhereRaw('not (id = any(?::bigint[]))', [args.readInboxIds])
    .first('id');
  if (!waiting) return null;
  return enqueueRun(trx, { workspaceId: args.run.workspace_id, connectionId: args.run.connection_id, trigger: 'webhook' });
}
