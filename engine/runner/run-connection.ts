import type { ConnectorContext } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { ConnectorError, isConnectorError } from '../../connectors/sdk';
import { findConnection } from '../connections/repository';
import { enqueueDependents } from '../scheduler/dependents';
import { compileMapping } from '../mapping';
import { deliveredKeys, finishRun, getRun, recordBatch, releaseRun, renewLease } from '../runs/repository';
import type { ItemOutcome, RunRecord } from '../runs/types';
import type { ExpressionSandbox } from '../sandbox';
import type { Db } from '../store/db';
import { loadCredentials } from './credentials';
import { BatchDelivery } from './deliver-batch';
import { deliverItem, type Delivery, type DeliveryContext } from './deliver';
import { runInputSchema } from './input-schema';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { sourceFeedFor, type FeedItem } from './source-feed';
import { markProcessed } from '../webhooks/inbox';
import { accountContext } from '../rate-limits';
import { itemsRecorded } from '../metrics';

export interface RunnerDeps {
  db: Db;
  registry: ConnectorRegistry;
  context: ConnectorContext;
  secretKey: Buffer;
  /** Items in flight at once per run (bounded so memory and the destination stay safe). */
  concurrency?: number;
  retryPolicy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  leaseSeconds?: number;
  /** Outcomes recorded per transaction. */
  flushSize?: number;
  /** Where mapping expressions run; default: the process's shared pool. */
  expressions?: ExpressionSandbox;
}

export interface RunControl {
  workerId: string;
  /** True when the worker is shutting down: stop taking items, record, hand the run back. */
  shouldStop?: () => boolean;
}

export type RunEnd =
  | { status: 'finished'; run: RunRecord; /** Runs queued for connections that run after this one. */ dependents: RunRecord[] }
  | { status: 'released' }
  | { status: 'lost' };

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The record of an item that was not delivered; the caller sets its status. */
function notAttempted(item: FeedItem): Omit<ItemOutcome, 'status'> {
  return { itemKey: item.key, source: item.data, mapped: null, destinationObjectId: null, error: null, attempts: 0 };
}

function failure(error: unknown): NonNullable<RunRecord['error']> {
  if (isConnectorError(error)) return { message: error.message, kind: error.kind, details: error.details };
  return { message: error instanceof Error ? error.message : String(error), kind: 'internal' };
}

/**
 * Executes one claimed run: read new source items, skip those already in the ledger, map
 * and deliver the rest with bounded concurrency, and record outcomes in batches. The
 * cursor is stored only with the last batch of a complete read, so a crash anywhere
 * re-reads items whose fate the ledger and the idempotency keys already settle.
 */
export async function executeRun(deps: RunnerDeps, run: RunRecord, control: RunControl): Promise<RunEnd> {
  const { db } = deps;
  const leaseSeconds = deps.leaseSeconds ?? 30;
  let lost = false;
  const renewal = setInterval(
    () => {
      renewLease(db, run.id, control.workerId, leaseSeconds)
        .then((held) => {
          if (!held) lost = true;
        })
        .catch(() => undefined);
    },
    (leaseSeconds * 1000) / 3,
  );
  renewal.unref();
  const stopping = () => lost || (control.shouldStop?.() ?? false);

  let fatal: unknown = null;
  let pending: ItemOutcome[] = [];
  let inboxIds: number[] = [];
  let chain: Promise<void> = Promise.resolve();
  let destinationConnector = 'none';
  const flush = (cursor?: { value: unknown }) => {
    const outcomes = pending;
    const acknowledged = inboxIds;
    pending = [];
    inboxIds = [];
    chain = chain
      .then(() =>
        recordBatch(db, {
          runId: run.id,
          connectionId: run.connection_id,
          outcomes,
          cursor,
          inTransaction: acknowledged.length ? (trx) => markProcessed(trx, acknowledged, run.id) : undefined,
        }),
      )
      // Counted once committed, so the figure matches the run log.
      .then(() => outcomes.forEach((outcome) => itemsRecorded.inc({ connector: destinationConnector, status: outcome.status })));
    return chain;
  };

  try {
    const connection = await findConnection(db, run.connection_id);
    if (!connection) throw new ConnectorError('config', 'The connection was deleted.');
    if (!connection.destination_connector || !connection.destination_action) {
      throw new ConnectorError('config', 'The connection has no destination yet; finish it in the wizard.');
    }
    destinationConnector = connection.destination_connector;
    const action = deps.registry.action(connection.destination_connector, connection.destination_action);
    if (!action)
      throw new ConnectorError(
        'config',
        `The action ${connection.destination_connector}/${connection.destination_action} is not available.`,
      );
    const sourceCredentials = await loadCredentials(db, deps.secretKey, connection.workspace_id, connection.source_account_id);
    const destinationCredentials = await loadCredentials(
      db,
      deps.secretKey,
      connection.workspace_id,
      connection.destination_account_id,
    );
    // Every request to the destination and to the source counts against its account's
    // rate, shared with every other run and worker using that account.
    const budgeted = (connector: string | null, accountId: string | null, credentials: typeof sourceCredentials) =>
      accountContext({ db, context: deps.context, registry: deps.registry, connector, accountId, credentials });
    const destinationContext = budgeted(
      connection.destination_connector,
      connection.destination_account_id,
      destinationCredentials,
    );
    // Made when the first new item is ready, so a run with nothing new asks the
    // destination nothing (its inputs, for a sheet, are its header row as it is now).
    const prepare = async () => {
      const inputSchema = await runInputSchema({
        action,
        credentials: destinationCredentials,
        options: connection.destination_options,
        context: destinationContext,
      });
      const compiled = compileMapping({ mapping: connection.mapping, inputSchema, expressions: deps.expressions });
      if (!compiled.ok) {
        throw new ConnectorError(
          'config',
          `The field mapping has errors: ${compiled.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
        );
      }
      const delivery: DeliveryContext = {
        connectionId: connection.id,
        connector: destinationConnector,
        mapping: compiled.mapping,
        action,
        credentials: destinationCredentials,
        options: connection.destination_options,
        context: destinationContext,
        policy: deps.retryPolicy ?? DEFAULT_RETRY_POLICY,
        sleep: deps.sleep ?? sleepReal,
        shouldStop: () => stopping() || fatal !== null,
      };
      // Taken over from a worker that died or stopped, or retrying earlier items: any item
      // may already be in a destination that has no idempotency keys.
      const uncertain = run.attempt > 1 || run.trigger === 'retry' || run.trigger === 'send';
      return { delivery, batch: action.batch ? new BatchDelivery({ ...delivery, inputSchema, uncertain }) : null };
    };
    const feed = sourceFeedFor({
      db,
      run,
      connection,
      registry: deps.registry,
      credentials: sourceCredentials,
      context: budgeted(connection.source_connector, connection.source_account_id, sourceCredentials),
    });
    const limit = deps.concurrency ?? 25;
    const flushSize = deps.flushSize ?? 200;
    const inFlight = new Set<Promise<void>>();
    const seenThisRun = new Set<string>();
    let finalCursor: { value: unknown } | undefined;
    let complete = true;

    let prepared: Awaited<ReturnType<typeof prepare>> | null = null;
    const record = async (item: FeedItem, result: Delivery) => {
      // Given up only because this worker is stopping: left unrecorded, the item is read
      // again by the worker that continues the run instead of failing for good.
      if (result.outcome.status === 'failed' && result.outcome.error?.kind === 'retryable' && stopping()) return;
      if (result.fatal && fatal === null) fatal = result.fatal;
      pending.push(result.outcome);
      if (item.inboxId !== undefined) inboxIds.push(item.inboxId);
      if (pending.length >= flushSize) await flush();
    };
    const handle = async (item: FeedItem) => record(item, await deliverItem(item, prepared!.delivery));
    // Items waiting to go to a batch destination together (up to its maxItems).
    let waiting: FeedItem[] = [];
    const sendWaiting = async () => {
      const items = waiting;
      waiting = [];
      for (const { item, delivery } of await prepared!.batch!.deliver(items)) await record(item, delivery);
    };

    feeding: for await (const batch of feed.batches()) {
      const delivered = await deliveredKeys(
        db,
        connection.id,
        batch.items.map((item) => item.key),
      );
      for (const item of batch.items) {
        if (stopping() || fatal !== null) {
          complete = false;
          break feeding;
        }
        if (delivered.has(item.key) || seenThisRun.has(item.key)) {
          // Already delivered (ledger) or a repeat of a key earlier in this read.
          pending.push({ ...notAttempted(item), status: 'skipped' });
          if (item.inboxId !== undefined) inboxIds.push(item.inboxId);
          continue;
        }
        if (item.notSent) {
          // The source chose not to send it (a row that looks like an edit): listed with
          // the reason, so the run log can offer to send it.
          pending.push({ ...notAttempted(item), status: 'skipped', note: item.notSent });
          continue;
        }
        seenThisRun.add(item.key);
        prepared ??= await prepare();
        if (prepared.batch) {
          waiting.push(item);
          if (waiting.length >= action.batch!.maxItems) await sendWaiting();
          continue;
        }
        while (inFlight.size >= limit) await Promise.race(inFlight);
        const task: Promise<void> = handle(item).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      if (batch.cursor) finalCursor = batch.cursor;
    }
    await Promise.all(inFlight);
    if (waiting.length > 0 && !stopping() && fatal === null) await sendWaiting();
    if (waiting.length > 0 || fatal !== null) complete = false;
    await flush(complete ? finalCursor : undefined);
  } catch (error) {
    fatal = fatal ?? error;
    await flush().catch(() => undefined);
  } finally {
    clearInterval(renewal);
  }

  if (lost) return { status: 'lost' };
  if (fatal === null && (control.shouldStop?.() ?? false)) {
    await releaseRun(db, run.id, control.workerId);
    return { status: 'released' };
  }
  const counts = await getRun(db, run.id);
  const status = fatal !== null ? 'failed' : (counts?.items_failed ?? 0) > 0 ? 'partial' : 'succeeded';
  // Finishing and starting the connections that run after this one commit together, so
  // a crash in between cannot leave a dependent waiting forever.
  const ended = await db.transaction(async (trx) => {
    const finished = await finishRun(trx, run.id, control.workerId, status, fatal !== null ? failure(fatal) : null);
    return finished ? { run: finished, dependents: await enqueueDependents(trx, finished) } : null;
  });
  return ended ? { status: 'finished', ...ended } : { status: 'lost' };
}
