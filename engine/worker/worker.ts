import os from 'node:os';
import crypto from 'node:crypto';
import { claimRun, DEFAULT_MAX_TAKEOVERS, DEFAULT_STALE_SECONDS, failAbandonedRuns, type ClaimRules } from '../runs/claim';
import type { RunRecord } from '../runs/types';
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

  async function claim(): Promise<RunRecord | null> {
    for (const run of await failAbandonedRuns(deps.db, rules)) options.onAbandoned?.(run);
    return claimRun(deps.db, id, rules);
  }

  async function claimAndStart(): Promise<boolean> {
    if (active.size >= maxRuns || stopping) return false;
    const run = await claim();
    if (!run) return false;
    const task: Promise<void> = runOne(run)
      .then(() => undefined)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        active.delete(task);
        poke();
      });
    active.add(task);
    return true;
  }

  async function mainLoop(): Promise<void> {
    // Visibly alive before the first claim, so nobody mistakes this worker's runs for abandoned.
    let beating: Heartbeat | null = null;
    while (!beating && !stopping) {
      try {
        beating = await heartbeat();
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
  };
}
