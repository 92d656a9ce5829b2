import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../engine/store/embedded-postgres';
import {
  killServerIn,
  postgresProcessesFor,
  startProduct,
  stopAllProducts,
  stopProduct,
  waitForHealth,
  waitForOutput,
} from '../support/product';

describe('starting the product on a fresh machine', () => {
  const folders: string[] = [];
  /** A data folder per test, so one test's failure cannot leak into the next. */
  const dataFolder = () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-start-'));
    // As root the database runs as the `postgres` user, which must be able to enter the folder.
    fs.chmodSync(dataDir, 0o755);
    folders.push(dataDir);
    return dataDir;
  };
  afterEach(stopAllProducts);
  afterAll(() => {
    for (const dataDir of folders) {
      killServerIn(path.join(dataDir, 'postgres'));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serves /api/health on an embedded PostgreSQL, stops it on SIGTERM, and reuses the data on a second start', async () => {
    const dataDir = dataFolder();
    const port = await freePort();
    const first = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port) });
    const health = await waitForHealth(port, first);
    expect(health).toMatchObject({ status: 'ok', database: { status: 'ok' } });
    expect(String((health.database as { version: string }).version)).toMatch(/^\d+\.\d+/);
    expect(first.output()).toContain(`Tributary is running at http://localhost:${port}`);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    expect(await stopProduct(first, 'SIGTERM')).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);

    const second = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealth(port, second);
    expect(second.output()).not.toContain('database migrated');
    expect(second.output()).not.toContain('generated a new key');
    expect(await stopProduct(second, 'SIGINT')).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 300_000);

  it('lets a separate worker and scheduler join the embedded PostgreSQL with no DATABASE_URL', async () => {
    const dataDir = dataFolder();
    const port = await freePort();
    const main = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealth(port, main);
    const worker = startProduct({ TRIBUTARY_DATA_DIR: dataDir }, ['--role=worker']);
    const scheduler = startProduct({ TRIBUTARY_DATA_DIR: dataDir }, ['--role=scheduler']);
    await waitForOutput(worker, /Tributary worker is running/, 240_000);
    await waitForOutput(scheduler, /Tributary scheduler is running/, 240_000);
    expect(await stopProduct(worker)).toBe(0);
    expect(await stopProduct(scheduler)).toBe(0);
    // They only joined: the database is still there for the main process.
    expect(await waitForHealth(port, main)).toMatchObject({ database: { status: 'ok' } });
    expect(await stopProduct(main)).toBe(0);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 300_000);

  it('tells a worker started before the product to start the product first', async () => {
    const worker = startProduct({ TRIBUTARY_DATA_DIR: dataFolder() }, ['--role=worker']);
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('No embedded PostgreSQL is running');
    expect(worker.output()).toContain('npm start');
  }, 120_000);

  it('refuses to start with a bad configuration, naming every bad value', async () => {
    const product = startProduct({ TRIBUTARY_DATA_DIR: dataFolder(), PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await product.exited).toBe(1);
    expect(product.output()).toContain('PORT must be a whole number');
    expect(product.output()).toContain('LOG_LEVEL must be one of');
  }, 120_000);
});
