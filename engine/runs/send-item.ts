// "Send it" in the run log: an item the source chose not to send (a sheet row that looks
// like an edit) is sent after all, by a run of trigger 'send' that reads it back from the
// run log. Items asked for while that run is still queued go with it.
import type { NotSent } from '../../connectors/sdk';
import type { Db } from '../store/db';
import { notFound, ServiceError } from '../workspaces/service-error';
import { auditConnection } from '../audit/connections';
import { findConnection } from '../connections/repository';
import { allow, type Actor } from '../teams/actor';
import { activeRun, enqueueRun, getRun } from './repository';
import type { RunRecord } from './types';

interface NotSentItem {
  id: string;
  connection_id: string;
  item_key: string;
  status: string;
  note: NotSent | null;
}

export async function sendNotSentItem(args: { db: Db; actor: Actor; runId: string; itemId: string }): Promise<RunRecord> {
  const workspaceId = allow(args.actor, 'connections.run');
  const run = await getRun(args.db, args.runId, workspaceId);
  if (!run) throw notFound('The run');
  const item = (await args.db('run_items').where({ id: args.itemId, run_id: run.id }).first()) as NotSentItem | undefined;
  if (!item) throw notFound('The item');
  if (item.status !== 'skipped' || !item.note?.sendable) {
    throw new ServiceError('conflict', 'Only an item listed as "Not sent" with a "Send it" button can be sent from the run log.');
  }
  const sent = (await args.db('ledger').where({ connection_id: item.connection_id, item_key: item.item_key }).first('run_id')) as
    { run_id: string | null } | undefined;
  if (sent) throw new ServiceError('conflict', 'This item has already been sent.', { runId: sent.run_id });

  return args.db.transaction(async (trx) => {
    await trx('run_items').where({ id: item.id }).update({ send_requested_at: trx.fn.now() });
    const created = await enqueueRun(trx, {
      workspaceId,
      connectionId: run.connection_id,
      trigger: 'send',
      retryOfRunId: run.id,
    });
    if (created) {
      const connection = await findConnection(trx, run.connection_id, workspaceId);
      const summary = `Sent item "${item.item_key}" that the run had not sent.`;
      if (connection) await auditConnection(trx, args.actor, 'connection.run', connection, summary);
      return created;
    }
    const active = await activeRun(trx, run.connection_id);
    // A send run for this run that has not started yet reads the item when it starts.
    if (active && active.status === 'queued' && active.trigger === 'send' && active.retry_of_run_id === run.id) return active;
    throw new ServiceError('conflict', 'This connection is running; wait for the run to finish, then try again.', {
      runId: active?.id,
    });
  });
}

/** Items of a run the source did not send on its own (each listed with its reason). */
export async function countNotSent(db: Db, runId: string): Promise<number> {
  const row = (await db('run_items')
    .where({ run_id: runId, status: 'skipped' })
    .whereNotNull('note')
    .count('* as count')
    .first()) as { count: string | number } | undefined;
  return Number(row?.count ?? 0);
}
