import type { Logger } from '../log/logger';
import type { Db } from '../store/db';
import { schedulerLateness } from '../metrics';
import { enqueueRuns } from '../runs/repository';
import type { RunRecord } from '../runs/types';
import { isValidSchedule, nextDueAfter } from '../schedule';
import { earliestDueTime, lockDueConnections, setNextRunAt, slotAlreadyEnqueued } from './due-connections';

// Shortest pause between ticks when due rows are held by another scheduler (SKIP LOCKED):
// long enough not to spin, short enough to keep lateness far under a second.
const MIN_PAUSE_MS = 25;

export interface SchedulerOptions {
  db: Db;
  /** Injected so tests drive time; production passes nothing and uses the machine clock. */
  clock?: () => Date;
  logger?: Logger;
  /** Connections handled per transaction; a full batch is followed at once by another. */
  batchSize?: number;
  /** Called after each committed tick with the runs it queued (benchmarks measure lateness). */
  onEnqueued?: (runs: RunRecord[]) => void;
}

export interface TickResult {
  /** Runs queued by this tick. */
  enqueued: number;
  /** Due connections this tick locked and moved on (at most batchSize). */
  due: number;
}

export interface Scheduler {
  tick(): Promise<TickResult>;
  start(options?: { intervalMs?: number }): void;
  /** Stops the loop and waits for a tick in progress to commit. */
  stop(): Promise<void>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const batchSize = options.batchSize ?? 500;

  async function tick(): Promise<TickResult> {
    const now = clock();
    const enqueued: RunRecord[] = [];
    const due = await db.transaction(async (trx) => {
      const connections = await lockDueConnections(trx, now, batchSize);
      const queued = await enqueueRuns(
        trx,
        connections.map((connection) => ({
          workspaceId: connection.workspace_id,
          connectionId: connection.id,
          trigger: 'schedule' as const,
          dueAt: connection.next_run_at,
        })),
      );
      enqueued.push(...queued);
      const queuedFor = new Set(queued.map((run) => run.connection_id));
      const updates: Array<{ id: string; nextRunAt: Date | null }> = [];
      for (const connection of connections) {
        // Nothing queued and the slot is not taken: a manual run started in between. Keep
        // the due time so the connection gets its scheduled run once that one finishes.
        if (!queuedFor.has(connection.id) && !(await slotAlreadyEnqueued(trx, connection.id, connection.next_run_at))) {
          continue;
        }
        updates.push({ id: connection.id, nextRunAt: followingDueTime(connection, now) });
      }
      await setNextRunAt(trx, updates);
      return connections.length;
    });
    for (const run of enqueued) {
      if (run.due_at) schedulerLateness.observe(Math.max(0, (now.getTime() - new Date(run.due_at).getTime()) / 1000));
    }
    if (enqueued.length > 0) options.onEnqueued?.(enqueued);
    return { enqueued: enqueued.length, due };
  }

  function followingDueTime(
    connection: { id: string; schedule: unknown; next_run_at: Date; workspace_timezone: string },
    now: Date,
  ): Date | null {
    if (!isValidSchedule(connection.schedule)) {
      // Saved before validation existed or edited by hand: stop scheduling rather than loop.
      logger?.warn({ connectionId: connection.id }, 'connection has no valid schedule; it will not run on its own');
      return null;
    }
    return nextDueAfter(connection.schedule, connection.next_run_at, now, connection.workspace_timezone);
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  async function loop(intervalMs: number): Promise<void> {
    let delay = intervalMs;
    try {
      const result = await tick();
      // A full batch means more connections are due right now: go again without waiting.
      if (result.due >= batchSize) delay = 0;
      else {
        // Wake up when the next connection falls due rather than up to a whole interval
        // later; the interval still caps the wait so newly saved schedules are noticed.
        const nextDue = await earliestDueTime(db);
        if (nextDue) delay = Math.min(intervalMs, Math.max(MIN_PAUSE_MS, nextDue.getTime() - clock().getTime()));
      }
    } catch (error) {
      logger?.error({ err: error }, 'scheduler tick failed; retrying');
    }
    if (!stopped) timer = setTimeout(() => (running = loop(intervalMs)), delay);
  }

  return {
    tick,
    start({ intervalMs = 1000 } = {}) {
      if (!stopped) return;
      stopped = false;
      running = loop(intervalMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
