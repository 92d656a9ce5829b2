// Saving, switching on or off and deleting a connection. What a save checks and prepares
// before writing is in save-input.ts; reading connections back is in queries.ts.
import type { ConnectorContext } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { nextRunAtOnSave } from '../schedule';
import { activeRun } from '../runs/repository';
import type { ExpressionSandbox } from '../sandbox';
import type { Db } from '../store/db';
import { newWebhookToken } from '../webhooks/token';
import { auditConnection, auditConnectionSaved } from '../audit/connections';
import { allow, type Actor } from '../teams/actor';
import { workspaceTimezone } from '../workspaces/repository';
import { ServiceError } from '../workspaces/service-error';
import type { ConnectionDocument } from './document';
import { connectionView, mustFind } from './queries';
import { checkOrThrow, rowFromDocument, sameJson, sealWebhookSecretOf, takeBaseline } from './save-input';
import type { ConnectionRecord } from './types';
import { toDocument, type ConnectionView } from './view';
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

async function storeBaseline(trx: Db, connectionId: string, cursor: unknown): Promise<void> {
  if (cursor === undefined) return;
  await trx('source_state')
    .insert({ connection_id: connectionId, cursor: JSON.stringify(cursor) })
    .onConflict('connection_id')
    .ignore();
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
  return connectionView(deps, record);
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
  return connectionView(deps, record);
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
