import type { ConnectorContext } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { isConnectorError } from '../../connectors/sdk';
import { loadCredentials } from '../runner/credentials';
import { nextRunAtOnSave } from '../schedule';
import { activeRun } from '../runs/repository';
import type { RunRecord } from '../runs/types';
import type { ExpressionSandbox } from '../sandbox';
import type { Db } from '../store/db';
import { keysetPage, type Page } from '../store/page-cursor';
import { PROTECTIONS_WITH_SECRET, sealWebhookSecret } from '../webhooks/protection';
import { newWebhookToken } from '../webhooks/token';
import { auditConnection, auditConnectionSaved } from '../audit/connections';
import { allow, type Actor } from '../teams/actor';
import { workspaceTimezone } from '../workspaces/repository';
import { notFound, ServiceError } from '../workspaces/service-error';
import type { ConnectionDocument } from './document';
import { findConnection } from './repository';
import type { ConnectionRecord } from './types';
import { checkConnection, type CheckedConnection } from './validate';
import { toDocument, toView, type ConnectionView } from './view';
import { accountContext } from '../rate-limits';
import type { KeyLocks } from '../runner/key-locks';

export interface ConnectionServiceDeps {
  db: Db;
  registry: ConnectorRegistry;
  context: ConnectorContext;
  secretKey: Buffer;
  /** The process's natural-key turns: a test send takes its turn like a run's item. */
  locks: KeyLocks;
  /** Base URL people reach this server at, for webhook URLs. */
  publicUrl: string;
  clock: () => Date;
  /** Where previews and test sends evaluate mapping expressions; default: the shared pool. */
  expressions?: ExpressionSandbox;
}

export { workspaceTimezone };

async function checkOrThrow(
  deps: ConnectionServiceDeps,
  workspaceId: string,
  connectionId: string | null,
  document: ConnectionDocument,
) {
  const timezone = await workspaceTimezone(deps.db, workspaceId);
  const { problems, checked } = await checkConnection({
    db: deps.db,
    registry: deps.registry,
    workspaceId,
    workspaceTimezone: timezone,
    connectionId,
    document,
  });
  if (!checked) {
    const first = problems[0];
    throw new ServiceError('validation_failed', first ? `${first.field}: ${first.message}` : 'The connection is not valid.', {
      fields: problems,
    });
  }
  return { checked, timezone };
}

/**
 * "Only rows added from now on" needs a picture of what is there now, taken when the
 * connection is switched on (not at its first run, which may be much later). It is taken
 * before anything is written, so a source that cannot be read leaves nothing half-saved.
 */
async function takeBaseline(
  deps: ConnectionServiceDeps,
  workspaceId: string,
  document: ConnectionDocument,
  checked: CheckedConnection,
): Promise<unknown> {
  if (checked.trigger.kind !== 'polling') return undefined;
  try {
    const credentials = await loadCredentials(deps.db, deps.secretKey, workspaceId, document.source.account ?? null);
    const from = checked.sourceOptions.startFrom === 'beginning' ? 'beginning' : 'now';
    const context = accountContext({
      ...deps,
      connector: document.source.connector,
      accountId: document.source.account ?? null,
      credentials,
    });
    return await checked.trigger.startCursor({ credentials, options: checked.sourceOptions, from, context });
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    throw new ServiceError('connector_failed', `Could not read the source: ${error.message}`, {
      fields: [{ field: 'source.options', message: error.message }],
    });
  }
}

async function storeBaseline(trx: Db, connectionId: string, cursor: unknown): Promise<void> {
  if (cursor === undefined) return;
  await trx('source_state')
    .insert({ connection_id: connectionId, cursor: JSON.stringify(cursor) })
    .onConflict('connection_id')
    .ignore();
}

/** JSON text with keys sorted, so two values compare equal whatever order their keys came in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * A webhook's shared secret arrives in the source options but is stored only sealed, in
 * its own column, and never shown again. Keeping it out of the options keeps it out of
 * every response, export and log line. Returns the sealed value to store.
 */
function sealWebhookSecretOf(deps: ConnectionServiceDeps, checked: CheckedConnection, stored: string | null): string | null {
  if (checked.trigger.kind !== 'push') return null;
  const secret = checked.sourceOptions.secret;
  delete checked.sourceOptions.secret;
  const sealed = typeof secret === 'string' && secret !== '' ? sealWebhookSecret(secret, deps.secretKey) : stored;
  const protection = checked.sourceOptions.protection;
  if (sealed === null && (PROTECTIONS_WITH_SECRET as readonly unknown[]).includes(protection)) {
    throw new ServiceError(
      'validation_failed',
      'source.options.secret: set the secret that senders use (at least 16 characters).',
      {
        fields: [{ field: 'source.options.secret', message: 'Set the secret that senders use (at least 16 characters).' }],
      },
    );
  }
  return sealed;
}

function rowFromDocument(document: ConnectionDocument, checked: CheckedConnection) {
  return {
    name: document.name,
    source_connector: document.source.connector,
    source_trigger: document.source.trigger,
    source_account_id: document.source.account ?? null,
    source_options: JSON.stringify(checked.sourceOptions),
    destination_connector: document.destination?.connector ?? null,
    destination_action: document.destination?.action ?? null,
    destination_account_id: document.destination?.account ?? null,
    destination_options: JSON.stringify(checked.destinationOptions),
    mapping: JSON.stringify(document.mapping ?? {}),
    schedule: checked.schedule ? JSON.stringify(checked.schedule) : null,
    run_after: document.runAfter ?? null,
    enabled: document.enabled ?? false,
  };
}

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

async function view(deps: ConnectionServiceDeps, record: ConnectionRecord): Promise<ConnectionView> {
  return toView(record, {
    lastRun: await lastRunOf(deps.db, record.id),
    publicUrl: deps.publicUrl,
    timezone: await workspaceTimezone(deps.db, record.workspace_id),
    now: deps.clock(),
  });
}

async function mustFind(deps: ConnectionServiceDeps, workspaceId: string, id: string): Promise<ConnectionRecord> {
  const record = await findConnection(deps.db, id, workspaceId);
  if (!record) throw notFound('The connection');
  return record;
}

export async function createConnection(args: {
  deps: ConnectionServiceDeps;
  actor: Actor;
  document: ConnectionDocument;
}): Promise<ConnectionView> {
  const { deps, document } = args;
  const workspaceId = allow(args.actor, 'connections.build');
  const { checked, timezone } = await checkOrThrow(deps, workspaceId, null, document);
  const sealedSecret = sealWebhookSecretOf(deps, checked, null);
  const row = rowFromDocument(document, checked);
  const nextRunAt = nextRunAtOnSave(
    { schedule: checked.schedule, runAfter: row.run_after, enabled: row.enabled },
    deps.clock(),
    timezone,
  );
  const baseline = row.enabled ? await takeBaseline(deps, workspaceId, document, checked) : undefined;
  const record = await deps.db.transaction(async (trx) => {
    const [inserted] = (await trx('connections')
      .insert({
        ...row,
        workspace_id: workspaceId,
        next_run_at: nextRunAt,
        webhook_token: checked.trigger.kind === 'push' ? newWebhookToken() : null,
        webhook_secret_encrypted: sealedSecret,
      })
      .returning('*')) as ConnectionRecord[];
    await storeBaseline(trx, inserted!.id, baseline);
    await auditConnectionSaved(trx, args.actor, null, inserted!);
    return inserted!;
  });
  return view(deps, record);
}

export async function updateConnection(args: {
  deps: ConnectionServiceDeps;
  actor: Actor;
  id: string;
  document: ConnectionDocument;
}): Promise<ConnectionView> {
  const { deps, id, document } = args;
  const workspaceId = allow(args.actor, 'connections.build');
  const before = await mustFind(deps, workspaceId, id);
  const { checked, timezone } = await checkOrThrow(deps, workspaceId, id, document);
  const sealedSecret = sealWebhookSecretOf(deps, checked, before.webhook_secret_encrypted);
  const row = rowFromDocument(document, checked);
  // Compared as values: jsonb hands keys back in its own order, not the order they were sent in.
  // Only options naming where items come from start a new cursor (see cursorOptions).
  const cursorOptions = checked.trigger.kind === 'polling' ? checked.trigger.cursorOptions : undefined;
  const optionsMoved = cursorOptions
    ? cursorOptions.some((name) => !sameJson(before.source_options?.[name], checked.sourceOptions[name]))
    : !sameJson(before.source_options, checked.sourceOptions);
  const sourceChanged =
    before.source_connector !== row.source_connector ||
    before.source_trigger !== row.source_trigger ||
    before.source_account_id !== row.source_account_id ||
    optionsMoved;
  const timingChanged =
    !sameJson(before.schedule, checked.schedule) || before.run_after !== row.run_after || before.enabled !== row.enabled;
  const nextRunAt = timingChanged
    ? nextRunAtOnSave({ schedule: checked.schedule, runAfter: row.run_after, enabled: row.enabled }, deps.clock(), timezone)
    : before.next_run_at;
  const pushToken = checked.trigger.kind === 'push' ? (before.webhook_token ?? newWebhookToken()) : null;
  const hasBaseline =
    !sourceChanged && (await deps.db('source_state').where({ connection_id: id }).first('connection_id')) !== undefined;
  const baseline = row.enabled && !hasBaseline ? await takeBaseline(deps, workspaceId, document, checked) : undefined;
  const record = await deps.db.transaction(async (trx) => {
    // A different sheet (or source) means a new picture of "what is already there".
    if (sourceChanged) await trx('source_state').where({ connection_id: id }).delete();
    const [updated] = (await trx('connections')
      .where({ id, workspace_id: workspaceId })
      .update({
        ...row,
        next_run_at: nextRunAt,
        webhook_token: pushToken,
        webhook_secret_encrypted: sealedSecret,
        updated_at: trx.fn.now(),
      })
      .returning('*')) as ConnectionRecord[];
    await storeBaseline(trx, id, baseline);
    await auditConnectionSaved(trx, args.actor, before, updated!);
    return updated!;
  });
  return view(deps, record);
}

export async function setConnectionEnabled(args: {
  deps: ConnectionServiceDeps;
  actor: Actor;
  id: string;
  enabled: boolean;
}): Promise<ConnectionView> {
  const before = await mustFind(args.deps, allow(args.actor, 'connections.build'), args.id);
  return updateConnection({ ...args, document: { ...toDocument(before), enabled: args.enabled } });
}

export async function deleteConnection(args: { deps: ConnectionServiceDeps; actor: Actor; id: string }): Promise<void> {
  const workspaceId = allow(args.actor, 'connections.build');
  const record = await mustFind(args.deps, workspaceId, args.id);
  const dependents = (await args.deps.db('connections').where({ run_after: args.id }).select('id', 'name')) as Array<{
    id: string;
    name: string;
  }>;
  if (dependents.length > 0) {
    throw new ServiceError(
      'conflict',
      `Other connections run after this one: ${dependents.map((d) => `"${d.name}"`).join(', ')}. Change their "run after" setting first.`,
      { connections: dependents },
    );
  }
  const running = await activeRun(args.deps.db, args.id);
  if (running?.status === 'running') {
    throw new ServiceError('conflict', 'This connection is running; turn it off and delete it when the run has finished.', {
      runId: running.id,
    });
  }
  await args.deps.db.transaction(async (trx) => {
    await trx('connections').where({ id: args.id, workspace_id: workspaceId }).delete();
    await auditConnection(trx, args.actor, 'connection.deleted', record, `Deleted "${record.name}" with its runs and run log.`);
  });
}

export async function getConnection(args: {
  deps: ConnectionServiceDeps;
  workspaceId: string;
  id: string;
}): Promise<ConnectionView> {
  return view(args.deps, await mustFind(args.deps, args.workspaceId, args.id));
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
