// The product as a person runs it (`npm start`, `npm run worker`): a child process on the
// project's own Node, waited on through /api/health, stopped by a signal.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../..');

export interface Product {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
}

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
  return { child, output: () => output, exited };
}

export async function waitForHealth(port: number, product: Product): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 1200; attempt++) {
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
export async function waitForOutput(product: Product, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
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

/** After a failed test: stops a server still recorded in `clusterDir`, so no test leaves one behind. */
export function killServerIn(clusterDir: string): void {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // no server there
  }
}
