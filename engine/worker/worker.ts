import os from 'node:os';
import crypto from 'node:crypto';
import { claimRun } from '../runs/repository';
import type { RunRecord } from '../runs/types';
import { executeRun, type RunEnd, type RunnerDeps } from '../runner/run-connection';

export interface WorkerOptions {
  /** How often an idle worker looks for queued runs. */
  pollMs?: number;
  /** Runs this process executes at once (each run has its own item concurrency). */
  maxRuns?: number;
  /** Called after a run finishes (the scheduler uses it to start run-after dependents). */
  onFinished?: (run: RunRecord) => Promise<void>;
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
  const leaseSeconds = deps.leaseSeconds ?? 30;
  const active = new Set<Promise<void>>();
  let stopping = false;
  let running = false;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;

  async function runOne(run: RunRecord): Promise<RunEnd> {
    const end = await executeRun(deps, run, { workerId: id, shouldStop: () => stopping });
    if (end.status === 'finished') await options.onFinished?.(end.run);
    return end;
  }

  async function claimAndStart(): Promise<boolean> {
    if (active.size >= maxRuns || stopping) return false;
    const run = await claimRun(deps.db, id, leaseSeconds);
    if (!run) return false;
    const task: Promise<void> = runOne(run)
      .then(() => undefined)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        active.delete(task);
        wake?.();
      });
    active.add(task);
    return true;
  }

  async function mainLoop(): Promise<void> {
    while (!stopping) {
      try {
        while (await claimAndStart());
      } catch (error) {
        options.onError?.(error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
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
      let count = 0;
      for (;;) {
        const run = await claimRun(deps.db, id, leaseSeconds);
        if (!run) return count;
        await runOne(run);
        count += 1;
      }
    },
    poke() {
      wake?.();
    },
  };
}
