import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_SECRET_KEY } from '../../support/fixtures';

const ROOT = path.resolve(__dirname, '../../..');
// The product's own Node 24, named explicitly: jest may run on another Node.
const NODE = path.join(ROOT, 'node_modules/.bin/node');
// Generous: on a shared 2-core machine under load a cold tsx start can take well over 30 s.
const STARTUP_TIMEOUT_MS = 120_000;

export type Role = 'worker' | 'scheduler';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RoleProcess {
  role: Role;
  pid: number;
  /** The id the process announced; a worker writes it into runs.worker_id. */
  workerId: string;
  exited: Promise<Exit>;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  signal(signal: NodeJS.Signals): void;
}

/**
 * Product processes started as `npm start -- --role=...` would start them, all against one
 * database. Every process is tracked so `stopAll` leaves no orphans, even after a failure.
 */
export class ProcessGroup {
  private readonly children = new Set<ChildProcess>();
  private readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-multi-process-'));

  constructor(private readonly env: { databaseUrl: string; stripeApiBase: string; extra?: Record<string, string> }) {}

  async start(role: Role): Promise<RoleProcess> {
    const child = spawn(NODE, ['--import', 'tsx', 'ui-api/main.ts', `--role=${role}`], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        DATABASE_URL: this.env.databaseUrl,
        TRIBUTARY_SECRET_KEY: TEST_SECRET_KEY.toString('hex'),
        STRIPE_API_BASE: this.env.stripeApiBase,
        LOG_LEVEL: 'warn',
        TRIBUTARY_DATA_DIR: this.dataDir,
        ...this.env.extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        this.children.delete(child);
        resolve({ code, signal });
      });
    });

    // main.ts prints "Tributary <role> is running (<worker id>)" once it is working.
    const announced = new RegExp(`Tributary ${role} is running \\((.+)\\)`);
    const workerId = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${role} did not start in time:\n${output}`)), STARTUP_TIMEOUT_MS);
      const check = () => {
        const match = announced.exec(output);
        if (match) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', check);
      void exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`${role} exited during start-up (${exit.code ?? exit.signal}):\n${output}`));
      });
    });

    return {
      role,
      pid: child.pid!,
      workerId,
      exited,
      output: () => output,
      signal: (signal) => child.kill(signal),
    };
  }

  /** Kills whatever is still running and waits for it to be gone. */
  async stopAll(): Promise<void> {
    const waits = [...this.children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    );
    await Promise.all(waits);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
