// Reading connections back: one, a page of them, or the document that recreates one, each
// as the workspace's members see it (with its last run and its webhook URL).
import type { RunRecord } from '../runs/types';
import type { Db } from '../store/db';
import { keysetPage, type Page } from '../store/page-cursor';
import { workspaceTimezone } from '../workspaces/repository';
import { notFound } from '../workspaces/service-error';
import type { ConnectionDocument } from './document';
import { findConnection } from './repository';
import type { ConnectionServiceDeps } from './service';
import type { ConnectionRecord } from './types';
import { toDocument, toView, type ConnectionView } from './view';
async function lastRunOf(db: Db, connectionId: string): Promise<RunRecord | undefined> {
  return (await db('runs').where({ connection_id: connectionId }).orderBy('queued_at', 'desc').first()) as RunRecord | undefined;
}

async function lastRunsOf(db: Db, connectionIds: string[]): Promise<Map<string, RunRecord>> {
  if (connectionIds.length === 0) return new Map();
  const rows = (await db('runs')
    .distinctOn('connection_id')
    .whereIn('connection_id', connectionIds)
    .orderBy([{ column: 'connection_id' }, { column: 'queued_at', order: 'desc' }])) as RunRecord[];
  return new Map(rows.map((run) => [run.connection_id, run]));
}

export async function connectionView(deps: ConnectionServiceDeps, record: ConnectionRecord): Promise<ConnectionView> {
  return toView(record, {
    lastRun: await lastRunOf(deps.db, record.id),
    publicUrl: deps.publicUrl,
    timezone: await workspaceTimezone(deps.db, record.workspace_id),
    now: deps.clock(),
  });
}

export async function mustFind(deps: ConnectionServiceDeps, workspaceId: string, id: string): Promise<ConnectionRecord> {
  const record = await findConnection(deps.db, id, workspaceId);
  if (!record) throw notFound('The connection');
  return record;
}

export async function getConnection(args: {
  deps: ConnectionServiceDeps;
  workspaceId: string;
  id: string;
}): Promise<ConnectionView> {
  return connectionView(args.deps, await mustFind(args.deps, args.workspaceId, args.id));
}

/** A page of the workspace's connections, oldest first, each with its last run. */
export async function listConnections(args: {
  deps: ConnectionServiceDeps;
  workspaceId: string;
  cursor?: string;
  limit: number;
}): Promise<Page<ConnectionView>> {
  const { db } = args.deps;
  const page = await keysetPage<ConnectionRecord>({
    query: db('connections').select('*').where({ workspace_id: args.workspaceId }),
    column: 'created_at',
    direction: 'asc',
    cursor: args.cursor,
    limit: args.limit,
  });
  // Two queries for the whole page, not two per connection.
  const lastRuns = await lastRunsOf(
    db,
    page.items.map((record) => record.id),
  );
  const timezone = await workspaceTimezone(db, args.workspaceId);
  const now = args.deps.clock();
  return {
    items: page.items.map((record) =>
      toView(record, { lastRun: lastRuns.get(record.id), publicUrl: args.deps.publicUrl, timezone, now }),
    ),
    nextCursor: page.nextCursor,
  };
}

export async function exportConnection(args: {
  deps: ConnectionServiceDeps;
  workspaceId: string;
  id: string;
}): Promise<ConnectionDocument> {
  return toDocument(await mustFind(args.deps, args.workspaceId, args.id));
}
