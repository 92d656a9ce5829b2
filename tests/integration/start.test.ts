import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../engine/store/embedded-postgres';

const root = path.resolve(__dirname, '../..');

function startProduct(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'ui-api/main.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitForHealth(port: number, child: ChildProcess): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error('the product exited before serving');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return (await response.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the product did not answer /api/health');
}

function postgresProcessesFor(dataDir: string): string[] {
  const list = execFileSync('ps', ['-eo', 'args']).toString().split('\n');
  return list.filter((line) => line.includes('postgres') && line.includes(dataDir));
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

describe('starting the product on a fresh machine', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('serves /api/health on an embedded PostgreSQL, stops it on SIGTERM, and reuses the data on a second start', async () => {
    const port = await freePort();
    const first = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port) });
    const health = await waitForHealth(port, first.child);
    expect(health).toMatchObject({ status: 'ok', database: { status: 'ok' } });
    expect(String((health.database as { version: string }).version)).toMatch(/^\d+\.\d+/);
    expect(first.output()).toContain(`Tributary is running at http://localhost:${port}`);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    expect(await stop(first.child, 'SIGTERM')).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    const second = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealth(port, second.child);
    expect(second.output()).not.toContain('database migrated');
    expect(second.output()).not.toContain('generated a new key');
    await stop(second.child, 'SIGINT');
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 60_000);

  it('refuses to start with a bad configuration, naming every bad value', async () => {
    const product = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: 'eighty', LOG_LEVEL: 'loud' });
    const code = await new Promise<number | null>((resolve) => product.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(product.output()).toContain('PORT must be a whole number');
    expect(product.output()).toContain('LOG_LEVEL must be one of');
  }, 30_000);
});
