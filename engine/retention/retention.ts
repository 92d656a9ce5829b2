import type { Logger } from '../log/logger';
import type { Db } from '../store/db';
import { ITEM_KEY_SQL } from '../webhooks/inbox';

const DAY_MS = 24 * 60 * 60 * 1000;
// Login attempts matter for the 15-minute lockout window; a day is plenty to look back on.
const LOGIN_ATTEMPTS_KEPT_MS = DAY_MS;

export interface RetentionOptions {
  db: Db;
  /** Processed webhook payloads and run items older than this many days are removed. */
  days: number;
  /** Injected so tests drive time; production uses the machine clock. */
  clock?: () => Date;
  logger?: Logger;
  /** Rows per statement: small, so no statement holds locks or the pool for long. */
  batchSize?: number;
}

export interface SweepResult {
  /** Processed payloads deleted. */
  payloadsDeleted: number;
  /** Processed payloads emptied but kept, because their signature must still be recognised. */
  payloadsEmptied: number;
  runItemsDeleted: number;
  sessionsDeleted: number;
  loginAttemptsDeleted: number;
  /** Records of failed items' attempts that nothing can send again (see the step). */
  itemAttemptsDeleted: number;
  /** Statements run. */
  batches: number;
}

export interface Retention {
  /** Removes everything past its time, batch after batch, until nothing is left to remove. */
  sweep(): Promise<SweepResult>;
  start(options?: { intervalMs?: number }): void;
  /** Stops the loop and waits for a sweep in progress to finish its batch. */
  stop(): Promise<void>;
}

// Each step picks at most :limit rows (SKIP LOCKED: two processes sweeping at once take
// different rows) and reports how many it handled. Never the ledger, never runs, never an
// unprocessed payload: those are what "nothing lost, nothing doubled" rests on.
const STEPS: Array<{ name: Exclude<keyof SweepResult, 'batches'>; sql: string }> = [
  {
    name: 'payloadsDeleted',
    sql: `delete from webhook_inbox where id in (
            select id from webhook_inbox
             where processed_at < :cutoff and pruned_at is null
               and (signature_digest is null or signature_expires_at < :now)
             limit :limit for update skip locked)`,
  },
  {
    // A plain HMAC signature never expires: a captured delivery could be replayed once its
    // row was gone. The row stays, emptied (about 200 bytes), to keep recognising it.
    name: 'payloadsEmptied',
    sql: `update webhook_inbox set payload = '{}', headers = '{}', pruned_at = :now where id in (
            select id from webhook_inbox
             where processed_at < :cutoff and pruned_at is null
               and signature_digest is not null and (signature_expires_at is null or signature_expires_at >= :now)
             limit :limit for update skip locked)`,
  },
  {
    name: 'runItemsDeleted',
    sql: `delete from run_items where id in (
            select id from run_items where created_at < :cutoff limit :limit for update skip locked)`,
  },
  {
    name: 'sessionsDeleted',
    sql: `delete from sessions where token_hash in (
            select token_hash from sessions where expires_at < :now limit :limit for update skip locked)`,
  },
  {
    name: 'loginAttemptsDeleted',
    sql: `delete from login_attempts where id in (
            select id from login_attempts where attempted_at < :loginCutoff limit :limit for update skip locked)`,
  },
  {
    // A failed item's attempt record is what makes a send past Stripe's 24-hour key window
    // look for the item first (runner/attempts.ts), so it stays while anything could send
    // the item again: its run log entries (retry, "send"), kept until :cutoff, and a day
    // more as margin, since an entry is written after its attempt; a run of the connection
    // not finished yet (a takeover re-reads its items); a polling cursor not stored since
    // the attempt (the next run reads the same rows again), or none stored at all for a
    // source that is not a webhook (its first read never completed); a payload still in
    // the inbox.
    name: 'itemAttemptsDeleted',
    sql: `delete from item_attempts where (connection_id, item_key) in (
            select a.connection_id, a.item_key from item_attempts a
             where a.last_attempt_at < :attemptCutoff
               and not exists (select 1 from runs r
                                where r.connection_id = a.connection_id and r.status in ('queued', 'running'))
               and not exists (select 1 from source_state s
                                where s.connection_id = a.connection_id and s.updated_at <= a.last_attempt_at)
               and (exists (select 1 from source_state s where s.connection_id = a.connection_id)
                    or exists (select 1 from connections c
                                where c.id = a.connection_id and c.source_connector = 'webhook'))
               and not exists (select 1 from webhook_inbox i
                                where i.connection_id = a.connection_id and i.processed_at is null
                                  and a.item_key = ${ITEM_KEY_SQL})
             limit :limit for update of a skip locked)`,
  },
];

/**
 * Keeps the database from growing without end: processed webhook payloads and run items
 * older than `days` (the run itself, its counts and the ledger stay), expired sessions,
 * day-old login attempts and the attempt records of failed items nothing can send again. Shaped like the scheduler: one pure-ish pass (`sweep`) and a
 * small loop around it.
 */
export function createRetention(options: RetentionOptions): Retention {
  const { db, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const limit = options.batchSize ?? 500;

  async function sweep(): Promise<SweepResult> {
    const now = clock();
    const bindings = {
      now,
      cutoff: new Date(now.getTime() - options.days * DAY_MS),
      attemptCutoff: new Date(now.getTime() - (options.days + 1) * DAY_MS),
      loginCutoff: new Date(now.getTime() - LOGIN_ATTEMPTS_KEPT_MS),
      limit,
    };
    const result: SweepResult = {
      payloadsDeleted: 0,
      payloadsEmptied: 0,
      runItemsDeleted: 0,
      sessionsDeleted: 0,
      loginAttemptsDeleted: 0,
      itemAttemptsDeleted: 0,
      batches: 0,
    };
    for (const step of STEPS) {
      for (;;) {
        const outcome = (await db.raw(step.sql, bindings)) as { rowCount: number | null };
        const count = outcome.rowCount ?? 0;
        result[step.name] += count;
        result.batches += 1;
        if (count < limit || stopRequested) break;
        // Let requests and runs have the pool between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return result;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  // A stop ends a long sweep at its next batch rather than after the last one.
  let stopRequested = false;

  async function loop(intervalMs: number): Promise<void> {
    try {
      const result = await sweep();
      const removed = result.payloadsDeleted + result.payloadsEmptied + result.runItemsDeleted + result.itemAttemptsDeleted;
      if (removed > 0) logger?.info({ ...result, days: options.days }, 'retention removed old payloads and run items');
    } catch (error) {
      logger?.error({ err: error }, 'retention sweep failed; it runs again at the next interval');
    }
    if (!stopped) timer = setTimeout(() => (running = loop(intervalMs)), intervalMs);
  }

  return {
    sweep,
    // Hourly: old rows are not urgent, and a sweep with nothing to do costs a few index probes.
    start({ intervalMs = 60 * 60 * 1000 } = {}) {
      if (!stopped) return;
      stopped = false;
      stopRequested = false;
      running = loop(intervalMs);
    },
    async stop() {
      stopped = true;
      stopRequested = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
