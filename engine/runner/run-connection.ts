import type { ConnectorContext } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { isConnectorError } from '../../connectors/sdk';
import { enqueueDependents } from '../scheduler/dependents';
import { deliveredKeys, finishRun, getRun, releaseRun, sentItemsOfRun } from '../runs/repository';
import type { ItemOutcome, RunRecord } from '../runs/types';
import type { ExpressionSandbox } from '../sandbox';
import type { Db } from '../store/db';
import { queueInstantFollowUp } from '../webhooks/instant-follow-up';
import { noteAttempts } from './attempts';
import { deliverItem, notAttempted, type Delivery } from './deliver';
import type { KeyLocks } from './key-locks';
import { holdLease } from './lease';
import { prepareRun, type RunDelivery } from './prepare';
import { RunRecorder } from './recording';
import type { RetryPolicy } from './retry';
import type { FeedItem } from './source-feed';

export interface RunnerDeps {
  db: Db;
  registry: ConnectorRegistry;
  context: ConnectorContext;
  secretKey: Buffer;
  /** One per process: natural-key turns and the worker's liveness lock share its session. */
  locks: KeyLocks;
  /** Items in flight at once per run (bounded so memory and the destination stay safe). */
  concurrency?: number;
  retryPolicy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  leaseSeconds?: number;
  /** Heartbeat age after which a worker whose session also ended is taken for dead (claim.ts). */
  staleSeconds?: number;
  /** Takeovers a run may have before its worker's next death fails it (claim.ts). */
  maxTakeovers?: number;
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
  | {
      status: 'finished';
      run: RunRecord;
      /** Runs queued for connections that run after this one. */
      dependents: RunRecord[];
      /** A run of this instant webhook connection for payloads that arrived at the end. */
      followUp: RunRecord | null;
    }
  | { status: 'released' }
  | { status: 'lost' };

// How long a run keeps reading payloads that arrive while it sends (see inboxFeed).
const KEEP_READING_MS = 5000;

function failure(error: unknown): NonNullable<RunRecord['error']> {
  if (isConnectorError(error)) return { message: error.message, kind: error.kind, details: error.details };
  return { message: error instanceof Error ? error.message : String(error), kind: 'internal' };
}

function skipped(item: FeedItem, objectId: string | null): ItemOutcome {
  return {
    itemKey: item.key,
    status: 'skipped',
    source: item.data,
    mapped: null,
    // The object that delivered it (an earlier run or a test send), for the run log.
    destinationObjectId: objectId,
    error: null,
    attempts: 0,
  };
}

/**
 * Executes one claimed run: read new source items, skip those already in the ledger, map
 * and deliver the rest with bounded concurrency, and record outcomes in batches. The
 * cursor is stored only with the last batch of a complete read, so a crash anywhere
 * re-reads items whose fate the ledger and the idempotency keys already settle. After an
 * auth or config failure the rest of the read is listed as "not attempted" and left for
 * the next run.
 */
export async function executeRun(deps: RunnerDeps, run: RunRecord, control: RunControl): Promise<RunEnd> {
  const { db } = deps;
  const startedAt = performance.now();
  const lease = holdLease(db, run.id, control.workerId, deps.leaseSeconds ?? 30);
  const stopping = () => lease.lost() || (control.shouldStop?.() ?? false);
  let fatal: unknown = null;
  const recorder = new RunRecorder(db, run, deps.flushSize ?? 200);
  const inFlight = new Set<Promise<void>>();
  // Every webhook payload this run read (see queueInstantFollowUp).
  const readInboxIds: number[] = [];

  try {
    const { connection, action, feed, writeBack, delivery } = await prepareRun({
      ...deps,
      run,
      shouldStop: () => stopping() || fatal !== null,
    });
    recorder.connector = connection.destination_connector ?? 'none';
    recorder.writeBack = writeBack;
    // A worker killed between recording items and writing their results back left those
    // cells empty; this attempt writes back everything the run sent before (the same values
    // into the same cells, so the ones that were written are unchanged).
    if (writeBack && run.attempt > 1) await writeBack.write(await sentItemsOfRun(db, run.id));
    const limit = deps.concurrency ?? 25;
    const seenThisRun = new Set<string>();
    let finalCursor: { value: unknown } | undefined;
    let complete = true;

    let prepared: RunDelivery | null = null;
    const record = async (item: FeedItem, { outcome, fatal: itemFatal }: Delivery) => {
      // Given up only because this worker is stopping: left unrecorded, the item is read
      // again by the worker that continues the run instead of failing for good.
      const interrupted =
        outcome.status === 'not_attempted' || (outcome.status === 'failed' && outcome.error?.kind === 'retryable');
      if (interrupted && stopping()) return;
      if (itemFatal && fatal === null) fatal = itemFatal;
      await recorder.add(outcome, item.inboxId);
    };
    const handle = async (item: FeedItem) => record(item, await deliverItem(item, prepared!.delivery));
    // Items waiting to go to a batch destination together (up to its maxItems).
    let waiting: FeedItem[] = [];
    const sendWaiting = async () => {
      const items = waiting;
      waiting = [];
      for (const { item, delivery: result } of await prepared!.batch!.deliver(items)) await record(item, result);
    };

    // Called by a webhook feed whose inbox looks empty: waits for the items in flight
    // and lets the run read again, for a few seconds at most so the run log stays in runs.
    const settle = async () => {
      if ((inFlight.size === 0 && waiting.length === 0) || performance.now() - startedAt > KEEP_READING_MS) return false;
      await Promise.all(inFlight);
      if (waiting.length > 0 && !stopping() && fatal === null) await sendWaiting();
      return !stopping() && fatal === null;
    };

    feeding: for await (const batch of feed.batches(settle)) {
      const delivered =
        batch.delivered ??
        (await deliveredKeys(
          db,
          run.connection_id,
          batch.items.map((item) => item.key),
        ));
      // What will be attempted is noted first, so an attempt whose answer is lost (or whose
      // worker dies) is known the next time the item comes round (attempts.ts).
      const earlier = await noteAttempts(
        db,
        run.connection_id,
        batch.items.filter((item) => !delivered.has(item.key) && !item.notSent).map((item) => item.key),
      );
      for (const item of batch.items) {
        if (stopping()) {
          complete = false;
          break feeding;
        }
        if (item.inboxId !== undefined) readInboxIds.push(item.inboxId);
        if (delivered.has(item.key) || seenThisRun.has(item.key)) {
          // Already delivered (ledger) or a repeat of a key earlier in this read.
          await recorder.add(skipped(item, delivered.get(item.key) ?? null), item.inboxId);
          continue;
        }
        if (item.notSent) {
          // The source chose not to send it (a row that looks like an edit): listed with
          // the reason, so the run log can offer to send it.
          await recorder.add({ ...skipped(item, null), note: item.notSent }, item.inboxId);
          continue;
        }
        seenThisRun.add(item.key);
        item.earlierAttempt = earlier.get(item.key);
        if (fatal === null && prepared === null) {
          // A mapping that no longer fits the destination fails the run like an auth
          // error: this item and the rest are listed as not attempted.
          prepared = await delivery().catch((error: unknown) => {
            fatal = error;
            return null;
          });
        }
        if (prepared?.batch && fatal === null) {
          waiting.push(item);
          if (waiting.length >= action.batch!.maxItems) await sendWaiting();
          continue;
        }
        while (inFlight.size >= limit && fatal === null) await Promise.race(inFlight);
        if (fatal !== null) {
          await recorder.add(notAttempted(item), item.inboxId);
          continue;
        }
        const task: Promise<void> = handle(item).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      if (batch.cursor) finalCursor = batch.cursor;
    }
    await Promise.all(inFlight);
    if (waiting.length > 0 && !stopping() && fatal === null) await sendWaiting();
    // A stopping worker leaves its waiting group to the worker that continues the run;
    // after an auth or config failure they are listed as not attempted.
    if (fatal !== null) for (const item of waiting.splice(0)) await recorder.add(notAttempted(item), item.inboxId);
    if (waiting.length > 0 || fatal !== null) complete = false;
    await recorder.flush(complete ? finalCursor : undefined);
  } catch (error) {
    fatal = fatal ?? error;
    // Items still in flight see the failure, end, and are recorded with the rest.
    await Promise.allSettled(inFlight);
    await recorder.flush().catch(() => undefined);
  } finally {
    lease.end();
  }

  if (lease.lost()) return { status: 'lost' };
  if (fatal === null && (control.shouldStop?.() ?? false)) {
    await releaseRun(db, run.id, control.workerId);
    return { status: 'released' };
  }
  const counts = await getRun(db, run.id);
  const status = fatal !== null ? 'failed' : (counts?.items_failed ?? 0) > 0 ? 'partial' : 'succeeded';
  // Items were delivered; a result that could not be written back is said with the run.
  const backFailures = recorder.writeBack?.failures() ?? [];
  const backFailure = backFailures.length
    ? { message: `Delivered, but writing results back to the source failed: ${backFailures[0]}`, kind: 'write_back' }
    : null;
  // Finishing, starting the connections that run after this one and queuing a run for
  // payloads that arrived at the very end commit together, so a crash in between cannot
  // leave a dependent or a payload waiting forever.
  const ended = await db.transaction(async (trx) => {
    const finished = await finishRun(trx, run.id, control.workerId, status, fatal !== null ? failure(fatal) : backFailure);
    if (!finished) return null;
    const dependents = await enqueueDependents(trx, finished);
    const followUp = await queueInstantFollowUp(trx, { run: finished, readInboxIds });
    return { run: finished, dependents, followUp };
  });
  return ended ? { status: 'finished', ...ended } : { status: 'lost' };
}
