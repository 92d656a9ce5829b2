import type { NotSent } from '../../connectors/sdk';
import type { Db } from '../store/db';
import { keysetPage, type Page } from '../store/page-cursor';
import { auditConnection } from '../audit/connections';
import { findConnection } from '../connections/repository';
import { allow, type Actor } from '../teams/actor';
import { notFound, ServiceError } from '../workspaces/service-error';
import { activeRun, enqueueRun, getRun } from './repository';
import type { ItemResult, ItemStatus, RunRecord } from './types';

export class RunConflictError extends Error {
  constructor(readonly run: RunRecord) {
    super('This connection is running; wait for the run to finish, then try again.');
  }
}

export class NothingToRetryError extends Error {
  constructor() {
    super('This run has no failed items to retry.');
  }
}

/**
 * "Run now": one run at once, also for a disabled connection. If the connection is
 * already queued or running, that run is the answer instead of a second one.
 */
export async function runNow(args: {
  db: Db;
  workspaceId: string;
  connectionId: string;
}): Promise<{ run: RunRecord; created: boolean }> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const created = await enqueueRun(args.db, {
      workspaceId: args.workspaceId,
      connectionId: args.connectionId,
      trigger: 'manual',
    });
    if (created) return { run: created, created: true };
    const existing = await activeRun(args.db, args.connectionId);
    if (existing) return { run: existing, created: false };
    // The active run finished between the two statements: try again.
  }
  throw new Error('Could not queue a run; try again.');
}

/** "Run now" from a person or a script: only for roles that may run, and only for a finished connection. */
export async function runByHand(args: {
  db: Db;
  actor: Actor;
  connectionId: string;
}): Promise<{ run: RunRecord; created: boolean }> {
  const workspaceId = allow(args.actor, 'connections.run');
  const record = await findConnection(args.db, args.connectionId, workspaceId);
  if (!record) throw notFound('The connection');
  // A draft has nowhere to send items; a run would only fail every one of them.
  if (!record.destination_action) {
    throw new ServiceError('validation_failed', 'Choose a destination and map its fields before running the connection.', {
      fields: [{ field: 'destination', message: 'is required to run.' }],
    });
  }
  const started = await runNow({ db: args.db, workspaceId, connectionId: record.id });
  if (started.created) await auditConnection(args.db, args.actor, 'connection.run', record, `Ran "${record.name}" by hand.`);
  return started;
}

/** Queues a run that delivers the failed items of `runId` again, with the same idempotency keys. */
export async function retryFailedItems(args: { db: Db; actor: Actor; runId: string }): Promise<RunRecord | null> {
  const workspaceId = allow(args.actor, 'connections.run');
  const original = await getRun(args.db, args.runId, workspaceId);
  if (!original) return null;
  const busy = await activeRun(args.db, original.connection_id);
  if (busy) throw new RunConflictError(busy);
  if (original.items_failed === 0) throw new NothingToRetryError();
  const created = await enqueueRun(args.db, {
    workspaceId,
    connectionId: original.connection_id,
    trigger: 'retry',
    retryOfRunId: original.id,
  });
  if (created) {
    const connection = await findConnection(args.db, original.connection_id, workspaceId);
    if (connection) {
      const summary = `Retried the ${original.items_failed} failed item(s) of a run of "${connection.name}".`;
      await auditConnection(args.db, args.actor, 'connection.run', connection, summary);
    }
    return created;
  }
  const existing = await activeRun(args.db, original.connection_id);
  if (existing) throw new RunConflictError(existing);
  throw new Error('Could not queue the retry; try again.');
}

export interface RunItemRow {
  id: number;
  item_key: string;
  status: ItemStatus;
  source: Record<string, unknown>;
  mapped: Record<string, unknown> | null;
  destination_object_id: string | null;
  error: Record<string, unknown> | null;
  attempts: number;
  result: ItemResult | null;
  note: NotSent | null;
  send_requested_at: Date | null;
  updated_at: Date;
}

/** A page of a run's items in the order they were recorded; `after` is the last id seen. */
export async function listRunItems(args: {
  db: Db;
  runId: string;
  status?: ItemStatus;
  after?: number;
  limit: number;
}): Promise<{ items: RunItemRow[]; nextCursor: number | null }> {
  const query = args
    .db('run_items')
    .select(
      'id',
      'item_key',
      'status',
      'source',
      'mapped',
      'destination_object_id',
      'error',
      'attempts',
      'result',
      'note',
      'send_requested_at',
      'updated_at',
    )
    .where({ run_id: args.runId })
    .orderBy('id')
    .limit(args.limit + 1);
  if (args.status) query.andWhere({ status: args.status });
  if (args.after) query.andWhere('id', '>', args.after);
  const rows = (await query) as RunItemRow[];
  const more = rows.length > args.limit;
  const items = more ? rows.slice(0, args.limit) : rows;
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

/** A page of a connection's runs, newest first. */
export async function listRuns(args: {
  db: Db;
  workspaceId: string;
  connectionId: string;
  cursor?: string;
  limit: number;
}): Promise<Page<RunRecord>> {
  return keysetPage<RunRecord>({
    query: args.db('runs').select('*').where({ workspace_id: args.workspaceId, connection_id: args.connectionId }),
    column: 'queued_at',
    direction: 'desc',
    cursor: args.cursor,
    limit: args.limit,
  });
}

/** Items sent and failed per day in the workspace's time zone, for the run log's 30-day chart. */
export async function dailyItemCounts(args: { db: Db; workspaceId: string; connectionId: string; days: number }) {
  const result = await args.db.raw<{ rows: Array<{ day: string; sent: number; failed: number }> }>(
    `select to_char(date_trunc('day', ri.updated_at at time zone w.timezone), 'YYYY-MM-DD') as day,
            count(*) filter (where ri.status = 'sent')::int as sent,
            count(*) filter (where ri.status = 'failed')::int as failed
       from run_items ri join runs r on r.id = ri.run_id join workspaces w on w.id = r.workspace_id
      where r.workspace_id = :workspaceId and ri.connection_id = :connectionId
        and ri.updated_at >= now() - make_interval(days => :days)
      group by 1 order by 1`,
    { workspaceId: args.workspaceId, connectionId: args.connectionId, days: args.days },
  );
  return result.rows;
}

/**
 * A webhook connection set to "instant" runs as soon as a payload is stored. A run that
 * is already queued or running will pick the payload up (or the next one will), so
 * nothing is queued twice.
 */
export async function runForNewPayload(args: {
  db: Db;
  connectionId: string;
  /** The connection's workspace when the caller knows it (the hook does): saves a look-up. */
  workspaceId?: string;
}): Promise<RunRecord | null> {
  let workspaceId = args.workspaceId;
  if (workspaceId === undefined) {
    const connection = (await args.db('connections').where({ id: args.connectionId }).first('workspace_id')) as
      { workspace_id: string } | undefined;
    if (!connection) return null;
    workspaceId = connection.workspace_id;
  }
  return enqueueRun(args.db, { workspaceId, connectionId: args.connectionId, trigger: 'webhook' });
}
