import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../engine/store/embedded-postgres';
import { isRunning } from '../../../engine/store/embedded-postgres/postmaster';
import {
  killServerIn,
  postgresProcessesFor,
  startProduct,
  stopAllProducts,
  stopProduct,
  waitForHealth,
} from '../../support/product';

// Issue 10 item 6: when only the Node process died (kill -9, the OOM killer), its
// PostgreSQL kept the data folder and every later start failed.

function postmasterPid(clusterDir: string): number {
  return Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

describe('a PostgreSQL left running by a killed product', () => {
  const folders: string[] = [];
  /** A data folder of the test's own, so a failure in one test cannot leak into the next. */
  const dataFolder = () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-leftover-'));
    fs.chmodSync(dataDir, 0o755);
    folders.push(dataDir);
    return { dataDir, clusterDir: path.join(dataDir, 'postgres') };
  };
  const start = (dataDir: string, port: number) => startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port) });

  // After a failure, leave no process behind.
  afterEach(stopAllProducts);
  afterAll(() => {
    for (const dataDir of folders) {
      killServerIn(path.join(dataDir, 'postgres'));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is recognised and stopped by the next start, which then serves with the same data', async () => {
    const { dataDir, clusterDir } = dataFolder();
    const port = await freePort();
    const killed = start(dataDir, port);
    await waitForHealth(port, killed);
    const leftover = postmasterPid(clusterDir);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(isRunning(leftover)).toBe(true);

    const next = start(dataDir, port);
    expect(await waitForHealth(port, next)).toMatchObject({ status: 'ok', database: { status: 'ok' } });
    expect(next.output()).toContain(`stopping the PostgreSQL (pid ${leftover}) left running in ${clusterDir}`);
    // Same data: the killed process had already migrated the schema.
    expect(next.output()).not.toContain('database migrated');
    expect(isRunning(leftover)).toBe(false);
    expect(await stopProduct(next)).toBe(0);
    expect(postgresProcessesFor(clusterDir)).toEqual([]);
  }, 300_000);

  it('is left alone while the product that started it still runs: a second start says so and changes nothing', async () => {
    const { dataDir, clusterDir } = dataFolder();
    const port = await freePort();
    const running = start(dataDir, port);
    await waitForHealth(port, running);

    const second = start(dataDir, await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(
      `Another Tributary process (pid ${running.child.pid}) is running with the database in ${clusterDir}`,
    );
    expect(await waitForHealth(port, running)).toMatchObject({ database: { status: 'ok' } });
    expect(await stopProduct(running)).toBe(0);
    expect(postgresProcessesFor(clusterDir)).toEqual([]);
  }, 300_000);
});
