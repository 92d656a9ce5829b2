import os from 'node:os';
import type { Db } from '../store/db';
import { LOCK_SPACE, type SessionLocks } from '../store/session-locks';

export const HEARTBEAT_MS = 1000;

/**
 * Proves one beat that this worker lives: its row's heartbeat_at (the database's clock,
 * so workers on machines with skewed clocks compare fairly) and the advisory lock its
 * session holds, taken again if the session was replaced. See engine/runs/claim.ts for
 * how other workers read both.
 */
export async function beat(db: Db, locks: SessionLocks, workerId: string, held: { generation: number }): Promise<void> {
  if (held.generation !== locks.generation || held.generation === 0) {
    // A second worker with a colliding hash would hold the lock already; then the
    // heartbeat row alone vouches for this one, and the lease remains the backstop.
    await locks.tryLock(LOCK_SPACE.workerAlive, workerId);
    held.generation = locks.generation;
  }
  await db('workers')
    .insert({ id: workerId, host: os.hostname(), pid: process.pid })
    .onConflict('id')
    .merge({ heartbeat_at: db.fn.now() });
}

export interface Heartbeat {
  stop(): Promise<void>;
}

/**
 * Beats every `everyMs` until stopped. The first beat completes before this resolves, so
 * a worker is visibly alive before it claims anything. On stop the row is removed and
 * the lock released; the runs it held were handed back by then.
 */
export async function startHeartbeat(args: {
  db: Db;
  locks: SessionLocks;
  workerId: string;
  everyMs?: number;
  onError?: (error: unknown) => void;
}): Promise<Heartbeat> {
  const { db, locks, workerId } = args;
  const held = { generation: 0 };
  await beat(db, locks, workerId, held);
  // Rows of workers gone for a day are only history; keep the table small.
  await db('workers').where('heartbeat_at', '<', db.raw("now() - interval '1 day'")).delete();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      inFlight = beat(db, locks, workerId, held)
        .catch((error: unknown) => args.onError?.(error))
        .finally(() => {
          if (!stopped) schedule();
        });
    }, args.everyMs ?? HEARTBEAT_MS);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
      await db('workers').where({ id: workerId }).delete();
      await locks.unlock(LOCK_SPACE.workerAlive, workerId).catch(() => undefined);
    },
  };
}
