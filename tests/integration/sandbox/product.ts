import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../engine/store/embedded-postgres';
import { TEST_SECRET_KEY } from '../../support/fixtures';

const ROOT = path.resolve(__dirname, '../../..');
// The product's own Node 24, named explicitly: jest may run on another Node.
const NODE = path.join(ROOT, 'node_modules/.bin/node');

export interface ProductProcess {
  url: string;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  signal(signal: NodeJS.Signals): void;
  /** Process ids of its children right now (the expression sandbox's processes). */
  children(): number[];
  /** Kills it if it still runs; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The whole product (API, worker and scheduler) in its own process, as `npm start` runs it,
 * against a test database. Hostile work then can only hang that process, never Jest's own
 * event loop, so a test of it fails by its timeout instead of hanging the suite.
 */
export async function startProduct(env: { databaseUrl: string; stripeApiBase: string }): Promise<ProductProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-product-'));
  const child = spawn(NODE, ['--import', 'tsx', 'ui-api/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      DATABASE_URL: env.databaseUrl,
      STRIPE_API_BASE: env.stripeApiBase,
      TRIBUTARY_SECRET_KEY: TEST_SECRET_KEY.toString('hex'),
      TRIBUTARY_DATA_DIR: dataDir,
      TRIBUTARY_PUBLIC_URL: url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the product did not start in time:\n${output}`)), 60_000);
    const check = () => {
      if (!output.includes('Tributary is running at')) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the product exited during start-up:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    exited,
    output: () => output,
    signal: (signal) => child.kill(signal),
    children: () => {
      try {
        const list = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)]).toString();
        return list.split('\n').filter(Boolean).map(Number);
      } catch {
        return []; // ps exits 1 when there is none
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
