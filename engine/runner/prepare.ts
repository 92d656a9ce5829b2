import type { ActionDefinition, ConnectorContext, JsonObject } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { ConnectorError } from '../../connectors/sdk';
import { accountsOfConnection } from '../accounts/repository';
import { findConnection } from '../connections/repository';
import type { ConnectionRecord } from '../connections/types';
import { compileMapping } from '../mapping';
import type { RunRecord } from '../runs/types';
import type { ExpressionSandbox } from '../sandbox';
import { accountContext, expectRequest } from '../rate-limits';
import type { Db } from '../store/db';
import { loadCredentials } from './credentials';
import type { DeliveryContext } from './deliver';
import { BatchDelivery } from './deliver-batch';
import { runInputSchema } from './input-schema';
import type { KeyLocks } from './key-locks';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { sourceFeedFor, type SourceFeed } from './source-feed';
import { writeBackFor, type WriteBack } from './write-back';

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What a run hands its items to: one item at a time, or in groups for a batch destination. */
export interface RunDelivery {
  delivery: DeliveryContext;
  batch: BatchDelivery | null;
}

/**
 * Everything a run needs before its first item: the connection, its action, both
 * accounts' credentials and the source feed; `delivery()` compiles the mapping when the
 * first new item is ready, so a run with nothing new asks the destination nothing (its
 * inputs, for a sheet, are its header row as it is now). Throws a `config` or `auth`
 * ConnectorError that says what to fix.
 */
export async function prepareRun(args: {
  db: Db;
  registry: ConnectorRegistry;
  context: ConnectorContext;
  secretKey: Buffer;
  locks: KeyLocks;
  expressions?: ExpressionSandbox;
  retryPolicy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  run: RunRecord;
  shouldStop: () => boolean;
}): Promise<{
  connection: ConnectionRecord;
  action: ActionDefinition;
  feed: SourceFeed;
  writeBack: WriteBack | null;
  delivery: () => Promise<RunDelivery>;
}> {
  const { db, registry, run } = args;
  // The connection and its accounts in one round of queries: a webhook's run starts sooner.
  const [connection, accounts] = await Promise.all([
    findConnection(db, run.connection_id),
    accountsOfConnection(db, { workspaceId: run.workspace_id, connectionId: run.connection_id }),
  ]);
  if (!connection) throw new ConnectorError('config', 'The connection was deleted.');
  if (!connection.destination_connector || !connection.destination_action) {
    throw new ConnectorError('config', 'The connection has no destination yet; finish it in the wizard.');
  }
  const connector = connection.destination_connector;
  const action = registry.action(connector, connection.destination_action);
  if (!action)
    throw new ConnectorError(
      'config',
      `The action ${connection.destination_connector}/${connection.destination_action} is not available.`,
    );
  // Every request to the destination and to the source counts against its account's
  // rate, shared with every other run and worker using that account.
  const budgeted = (connector: string | null, accountId: string | null, accountCredentials: JsonObject) =>
    accountContext({ db, context: args.context, registry, connector, accountId, credentials: accountCredentials });
  const credentialsOf = (accountId: string | null) =>
    loadCredentials(db, args.secretKey, connection.workspace_id, accountId, accounts);
  const sourceCredentials = await credentialsOf(connection.source_account_id);
  const sourceContext = budgeted(connection.source_connector, connection.source_account_id, sourceCredentials);
  const feed = sourceFeedFor({ db, run, connection, registry, credentials: sourceCredentials, context: sourceContext });
  const credentials = await credentialsOf(connection.destination_account_id);
  const context = budgeted(connection.destination_connector, connection.destination_account_id, credentials);
  // A run a webhook payload started will send at once: its first slot is reserved meanwhile.
  if (run.trigger === 'webhook') expectRequest(context.beforeRequest);

  const prepare = async (): Promise<RunDelivery> => {
    const inputSchema = await runInputSchema({ action, credentials, options: connection.destination_options, context });
    const compiled = compileMapping({ mapping: connection.mapping, inputSchema, expressions: args.expressions });
    if (!compiled.ok) {
      throw new ConnectorError(
        'config',
        `The field mapping has errors: ${compiled.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      );
    }
    const delivery: DeliveryContext = {
      connectionId: connection.id,
      connector,
      mapping: compiled.mapping,
      action,
      credentials,
      options: connection.destination_options,
      context,
      locks: args.locks,
      keyScope: connection.destination_account_id ?? connection.id,
      policy: args.retryPolicy ?? DEFAULT_RETRY_POLICY,
      sleep: args.sleep ?? sleepReal,
      shouldStop: args.shouldStop,
    };
    // Taken over from a worker that died or stopped, or retrying earlier items: any item
    // may already be in a destination that has no idempotency keys.
    const uncertain = run.attempt > 1 || run.trigger === 'retry' || run.trigger === 'send';
    return { delivery, batch: action.batch ? new BatchDelivery({ ...delivery, inputSchema, uncertain }) : null };
  };
  let prepared: Promise<RunDelivery> | null = null;
  const trigger = registry.trigger(connection.source_connector, connection.source_trigger);
  const writeBack = writeBackFor({
    trigger: trigger?.kind === 'polling' ? trigger : null,
    credentials: sourceCredentials,
    options: connection.source_options,
    context: sourceContext,
  });
  return { connection, action, feed, writeBack, delivery: () => (prepared ??= prepare()) };
}
