import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ExpressionResult, ExpressionSandbox, SandboxAnswer, SandboxRequest } from './types';

export const DEFAULT_EXPRESSION_TIMEOUT_MS = 1000;

export interface ExpressionPoolOptions {
  /** Deadline for one item's expressions (TRIBUTARY_EXPRESSION_TIMEOUT_MS). Default 1 s. */
  timeoutMs?: number;
  /** Processes at most. Default 2: one runaway expression still leaves one for everyone else. */
  processes?: number;
  /** Heap cap of each process. Default 128 MB. */
  memoryMb?: number;
  /** A process with nothing to do for this long is stopped (it is started again when needed). */
  idleMs?: number;
}

// A process takes up to this many queued items at once, each still with its own deadline:
// one message per batch instead of one per item keeps the per-item cost low.
const MAX_BATCH = 50;
// A process that dies before it is ready is a broken installation, not a hostile expression:
// after this many in a row, waiting items fail with the reason instead of retrying forever.
const FAILED_STARTS_BEFORE_GIVING_UP = 3;
// Plain JavaScript, so a process starts without a TypeScript loader (see expressions.js).
const PROCESS_FILE = path.join(__dirname, 'process.js');

type Message = 'ready' | { started: number } | { results: ExpressionResult[] };

interface Job {
  request: SandboxRequest;
  signal?: AbortSignal;
  resolve(answer: SandboxAnswer): void;
}

interface Evaluator {
  child: ChildProcess;
  ready: boolean;
  /** Items sent and not answered yet, in the order they are answered. */
  batch: Job[];
  /** Index of the expression the first item of the batch is on. */
  started: number;
  deadline?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
  gone: boolean;
}

/** "1 s", "1.5 s", "250 ms": how a deadline reads in an item's error. */
export function describeDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * A small pool of processes for users' JSONata expressions. Each item gets its own
 * deadline; a process that overruns it or its memory cap is killed, its item is answered
 * `stopped`, the rest of its batch goes back to the front of the queue and a fresh process
 * takes over. Nothing an expression does can block or crash the process that owns the pool.
 */
export class ExpressionPool implements ExpressionSandbox {
  readonly timeoutMs: number;
  private readonly limit: number;
  private readonly memoryMb: number;
  private readonly idleMs: number;
  private readonly queue: Job[] = [];
  private readonly evaluators = new Set<Evaluator>();
  private failedStarts = 0;
  private closed = false;

  constructor(options: ExpressionPoolOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_EXPRESSION_TIMEOUT_MS;
    this.limit = Math.max(1, options.processes ?? 2);
    this.memoryMb = options.memoryMb ?? 128;
    this.idleMs = options.idleMs ?? 30_000;
  }

  evaluate(request: SandboxRequest, options: { signal?: AbortSignal } = {}): Promise<SandboxAnswer> {
    if (this.closed || options.signal?.aborted) return Promise.resolve({ status: 'cancelled' });
    return new Promise((resolve) => {
      this.queue.push({ request, signal: options.signal, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ status: 'cancelled' });
    for (const evaluator of [...this.evaluators]) {
      for (const job of evaluator.batch.splice(0)) job.resolve({ status: 'cancelled' });
      this.discard(evaluator);
    }
  }

  private dispatch(): void {
    if (this.closed) return;
    this.dropCancelled();
    for (const evaluator of this.evaluators) {
      if (this.queue.length === 0) return;
      if (evaluator.ready && evaluator.batch.length === 0) this.send(evaluator);
    }
    let starting = [...this.evaluators].filter((evaluator) => !evaluator.ready).length;
    while (this.queue.length > starting && this.evaluators.size < this.limit) {
      if (this.failedStarts >= FAILED_STARTS_BEFORE_GIVING_UP) {
        this.failedStarts = 0;
        const cause = 'could not run because the expression sandbox’s process did not start';
        for (const job of this.queue.splice(0)) job.resolve({ status: 'stopped', index: 0, cause });
        return;
      }
      if (this.start()) starting += 1;
    }
  }

  private dropCancelled(): void {
    for (let index = this.queue.length - 1; index >= 0; index -= 1) {
      const job = this.queue[index]!;
      if (!job.signal?.aborted) continue;
      this.queue.splice(index, 1);
      job.resolve({ status: 'cancelled' });
    }
  }

  /** False when no process could be made (counted as a failed start). */
  private start(): boolean {
    let child: ChildProcess;
    try {
      child = this.fork();
    } catch {
      this.failedStarts += 1;
      return false;
    }
    const evaluator: Evaluator = { child, ready: false, batch: [], started: 0, gone: false };
    this.evaluators.add(evaluator);
    child.on('message', (message: Message) => this.received(evaluator, message));
    child.on('error', (error) => this.lose(evaluator, `was stopped because its process failed: ${error.message}`));
    child.on('exit', (code, signal) => {
      // V8 aborts a process that reaches its heap cap.
      const outOfMemory = signal === 'SIGABRT' || code === 134;
      this.lose(
        evaluator,
        outOfMemory
          ? `used more than ${this.memoryMb} MB of memory and was stopped`
          : 'was stopped because its process ended unexpectedly',
      );
    });
    return true;
  }

  // Same CPU priority as the server on purpose: the deadline is wall-clock time, and a
  // lower priority would let a busy machine starve harmless expressions past it.
  private fork(): ChildProcess {
    return fork(PROCESS_FILE, [], {
      // No inherited `--import tsx`, and none of the server's environment (its secrets).
      execArgv: [`--max-old-space-size=${this.memoryMb}`, '--max-semi-space-size=16'],
      env: {},
      serialization: 'advanced',
      // Its output is V8's own (a heap report when it runs out of memory), not the server's log.
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
  }

  private received(evaluator: Evaluator, message: Message): void {
    if (evaluator.gone) return;
    if (message === 'ready') {
      evaluator.ready = true;
      this.failedStarts = 0;
    } else if ('started' in message) {
      evaluator.started = message.started;
      return;
    } else {
      evaluator.started = 0;
      evaluator.batch.shift()?.resolve({ status: 'done', results: message.results });
    }
    if (evaluator.batch.length > 0) {
      this.arm(evaluator);
      return;
    }
    clearTimeout(evaluator.deadline);
    // An idle process must not keep the server alive, and is stopped after a while.
    evaluator.child.unref();
    evaluator.child.channel?.unref();
    evaluator.idle = setTimeout(() => this.discard(evaluator), this.idleMs);
    evaluator.idle.unref();
    this.dispatch();
  }

  private send(evaluator: Evaluator): void {
    const batch = this.queue.splice(0, Math.min(MAX_BATCH, Math.ceil(this.queue.length / this.limit)));
    clearTimeout(evaluator.idle);
    try {
      evaluator.child.send(batch.map((job) => job.request));
    } catch (error) {
      // Items come from JSON, so this means a caller passed something JSON cannot hold.
      const cause = `could not run because the item cannot be copied into the sandbox (${(error as Error).message})`;
      for (const job of batch) job.resolve({ status: 'stopped', index: 0, cause });
      this.dispatch();
      return;
    }
    evaluator.batch = batch;
    evaluator.child.ref();
    evaluator.child.channel?.ref();
    this.arm(evaluator);
  }

  /** (Re)starts the deadline of the item the process is on now. */
  private arm(evaluator: Evaluator): void {
    clearTimeout(evaluator.deadline);
    evaluator.deadline = setTimeout(
      () => this.lose(evaluator, `took longer than ${describeDuration(this.timeoutMs)} and was stopped`),
      this.timeoutMs,
    );
  }

  private lose(evaluator: Evaluator, cause: string): void {
    if (evaluator.gone) return;
    const [current, ...rest] = evaluator.batch;
    this.discard(evaluator);
    if (current) {
      const index = Math.min(evaluator.started, current.request.expressions.length - 1);
      current.resolve({ status: 'stopped', index, cause });
    }
    this.queue.unshift(...rest);
    if (this.closed) return;
    if (evaluator.ready) {
      this.start();
    } else {
      this.failedStarts += 1;
    }
    // After the stopped item's caller has run: it may cancel its other waiting items.
    setImmediate(() => this.dispatch());
  }

  private discard(evaluator: Evaluator): void {
    evaluator.gone = true;
    clearTimeout(evaluator.deadline);
    clearTimeout(evaluator.idle);
    this.evaluators.delete(evaluator);
    // SIGKILL: a runaway expression may be inside a native builtin that no gentler signal interrupts.
    evaluator.child.kill('SIGKILL');
  }
}
