import os from 'node:os';
import crypto from 'node:crypto';
import {
  claimRun,
  DEFAULT_MAX_TAKEOVERS,
  DEFAULT_STALE_SECONDS,
  failAbandonedRuns,
  insertClaimedRun,
  type ClaimRules,
} from '../runs/claim';
import type { RunRecord, RunTrigger } from '../runs/types';
import { executeRun, type RunEnd, type RunnerDeps } from '../runner/run-connection';
import { startHeartbeat, type Heartbeat } from './heartbeat';

export interface WorkerOptions {
  /** How often an idle worker looks for queued runs. */
  pollMs?: number;
  /** Runs this process executes at once (each run has its own item concurrency). */
  maxRuns?: number;
  /** How often this worker proves it lives (see heartbeat.ts). */
  heartbeatMs?: number;
  /** Called after a run finishes (the scheduler uses it to start run-after dependents). */
  onFinished?: (run: RunRecord) => Promise<void>;
  /** Called for each run failed because its workers kept dying (claim.ts). */
  onAbandoned?: (run: RunRecord) => void;
  onError?: (error: unknown) => void;
}

export interface Worker {
  readonly id: string;
  start(): void;
  /** Stops claiming, lets current runs record their items and hands unfinished runs back. */
  stop(): Promise<void>;
  /** Claims and executes queued runs until none is left (tests and "run once" use it). */
  drain(): Promise<number>;
  /** Wakes an idle worker now (a run was just queued in this process). */
  poke(): void;
  /**
   * Starts a run of the connection here and now when this worker is running and has room,
   * without a trip through the queue. 'started', 'active' (the connection already has a
   * run queued or running: it takes the new work), or 'no-room' (queue the run instead).
   */
  startNow(input: { workspaceId: string; connectionId: string; trigger: RunTrigger }): Promise<'started' | 'active' | 'no-room'>;
}

export function createWorker(deps: RunnerDeps, options: WorkerOptions = {}): Worker {
  const id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 1000;
  const maxRuns = options.maxRuns ?? 4;
  const rules: ClaimRules = {
    leaseSeconds: deps.leaseSeconds ?? 30,
    staleSeconds: deps.staleSeconds ?? DEFAULT_STALE_SECONDS,
    maxTakeovers: deps.maxTakeovers ?? DEFAULT_MAX_TAKEOVERS,
  };
  const active = new Set<Promise<void>>();
  // Claims under way: counted with the active runs so two claims cannot both take the last room.
  let claiming = 0;
  const inserts = new Set<Promise<unknown>>();
  let alive = false;
  let stopping = false;
  let running = false;
  let wake: (() => void) | null = null;
  // A poke that arrives while the loop is claiming (not sleeping) must not be lost: the run
  // it announces may have been queued just after that claim looked (a follow-up run).
  let poked = false;
  const poke = () => {
    poked = true;
    wake?.();
  };
  let loop: Promise<void> | null = null;

  const heartbeat = () =>
    startHeartbeat({
      db: deps.db,
      locks: deps.locks.session,
      workerId: id,
      everyMs: options.heartbeatMs,
      onError: options.onError,
    });

  async function runOne(run: RunRecord): Promise<RunEnd> {
    const end = await executeRun(deps, run, { workerId: id, shouldStop: () => stopping });
    if (end.status === 'finished') await options.onFinished?.(end.run);
    return end;
  }

  // Failing runs that keep killing workers is a sweep over every running run: once per
  // poll is soon enough, and a poke (a webhook payload waiting) must not wait for it.
  let sweptAt = -Infinity;
  async function claim(sweep: 'always' | 'once-per-poll' = 'always'): Promise<RunRecord | null> {
    if (sweep === 'always' || performance.now() - sweptAt >= pollMs) {
      sweptAt = performance.now();
      for (const run of await failAbandonedRuns(deps.db, rules)) options.onAbandoned?.(run);
    }
    return claimRun(deps.db, id, rules);
  }

  const hasRoom = () => alive && !stopping && active.size + claiming < maxRuns;

  async function claimAndStart(): Promise<boolean> {
    if (!hasRoom()) return false;
    claiming += 1;
    let run: RunRecord | null;
    try {
      run = await claim('once-per-poll');
    } finally {
      claiming -= 1;
    }
    if (!run) return false;
    track(run);
    return true;
  }

  function track(run: RunRecord): void {
    const task: Promise<void> = runOne(run)
      .then(() => undefined)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        active.delete(task);
        poke();
      });
    active.add(task);
  }

  async function startNow(input: { workspaceId: string; connectionId: string; trigger: RunTrigger }) {
    if (!hasRoom()) return 'no-room' as const;
    claiming += 1;
    const inserting = insertClaimedRun(deps.db, input, id, rules.leaseSeconds);
    // stop() waits for it: a run claimed while stopping is handed back, not left running.
    inserts.add(inserting);
    let run: RunRecord | null;
    try {
      run = await inserting;
    } finally {
      claiming -= 1;
      inserts.delete(inserting);
    }
    if (!run) return 'active' as const;
    track(run);
    return 'started' as const;
  }

  async function mainLoop(): Promise<void> {
    // Visibly alive before the first claim, so nobody mistakes this worker's runs for abandoned.
    let beating: Heartbeat | null = null;
    while (!beating && !stopping) {
      try {
        beating = await heartbeat();
        alive = true;
      } catch (error) {
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    }
    while (!stopping) {
      poked = false;
      try {
        while (await claimAndStart());
      } catch (error) {
        options.onError?.(error);
      }
      await new Promise<void>((resolve) => {
        if (poked || stopping) return resolve();
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
    alive = false;
    await Promise.all(active);
    await beating?.stop().catch((error: unknown) => options.onError?.(error));
  }

  return {
    id,
    start() {
      if (running) return;
      running = true;
      loop = mainLoop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await Promise.allSettled(inserts);
      await Promise.all(active);
    },
    async drain() {
      const beating = await heartbeat();
      let count = 0;
      try {
        for (;;) {
          const run = await claim();
          if (!run) return count;
          await runOne(run);
          count += 1;
        }
      } finally {
        await beating.stop();
      }
    },
    poke,
    startNow,
  };
}
