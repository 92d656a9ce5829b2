// The product as a person runs it (`npm start`, `npm run worker`): a child process on the
// project's own Node, waited on through /api/health, stopped by a signal.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { isPostmasterOf, readPostmasterPid } from '../../engine/store/embedded-postgres/postmaster';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

export interface Product {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
}

const running = new Set<Product>();

export function startProduct(env: Record<string, string>, args: string[] = []): Product {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'ui-api/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const product = { child, output: () => output, exited };
  running.add(product);
  void exited.then(() => running.delete(product));
  return product;
}

/** For afterEach: a test that failed half-way leaves no product running into the next one. */
export async function stopAllProducts(): Promise<void> {
  await Promise.all([...running].map((product) => stopProduct(product)));
}

/** Waits for /api/health; the ceiling is generous because a first start on a busy machine is slow. */
export async function waitForHealth(port: number, product: Product, timeoutMs = 240_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (product.child.exitCode !== null) throw new Error(`the product exited before serving:\n${product.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return (await response.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the product did not answer /api/health:\n${product.output()}`);
}

/** Waits until the product printed something matching `pattern` (or exited). */
export async function waitForOutput(product: Product, pattern: RegExp, timeoutMs = 240_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(product.output());
    if (match) return match[0];
    if (product.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`expected output matching ${pattern}, got:\n${product.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends a signal and resolves with the exit code. */
export async function stopProduct(product: Product, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (product.child.exitCode === null && product.child.signalCode === null) product.child.kill(signal);
  return product.exited;
}

/** Command lines of the PostgreSQL processes working on `dataDir` (none once stopped). */
export function postgresProcessesFor(dataDir: string): string[] {
  const list = execFileSync('ps', ['-eo', 'args']).toString().split('\n');
  return list.filter((line) => line.includes('postgres') && line.includes(dataDir));
}

/** After a failed test: stops a server still running in `clusterDir`, so no test leaves one behind. */
export function killServerIn(clusterDir: string): void {
  const recorded = readPostmasterPid(clusterDir);
  // Only that folder's own postgres: a stale file's pid may belong to anything by now.
  if (recorded && isPostmasterOf(recorded.pid, clusterDir)) process.kill(recorded.pid, 'SIGQUIT');
}
