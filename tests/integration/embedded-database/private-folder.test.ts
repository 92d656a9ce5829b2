import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../engine/store/embedded-postgres';
import {
  killServerIn,
  postgresProcessesFor,
  startProduct,
  stopAllProducts,
  stopProduct,
  waitForHealth,
} from '../../support/product';

// Issue 12 item 1: as root, PostgreSQL runs as the `postgres` user, which cannot enter a
// private folder (root's home is mode 0700); start-up died with an unhandled EACCES.
// (.ci/run also starts a whole copy of the checkout from such a folder.)

const asRoot = process.getuid?.() === 0 ? describe : describe.skip;

asRoot('as root, with the data folder inside a private (0700) folder', () => {
  // Made in beforeAll: a skipped describe still runs its body.
  let privateFolder: string;
  let dataDir: string;
  let clusterLink: string;
  // A temp folder of its own, to see what start-up leaves in it.
  let tmpDir: string;
  let relocated: string | null = null;

  beforeAll(() => {
    privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-private-'));
    dataDir = path.join(privateFolder, 'data');
    clusterLink = path.join(dataDir, 'postgres');
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-private-tmp-'));
  });

  afterEach(stopAllProducts);
  afterAll(() => {
    if (relocated) {
      killServerIn(relocated);
      fs.rmSync(relocated, { recursive: true, force: true });
    }
    fs.rmSync(privateFolder, { recursive: true, force: true });
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  it('starts, says in one line where the database lives, and reuses it on the next start', async () => {
    expect(fs.statSync(privateFolder).mode & 0o777).toBe(0o700);
    const port = await freePort();
    const first = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port), TMPDIR: tmpDir });
    expect(await waitForHealth(port, first)).toMatchObject({ status: 'ok', database: { status: 'ok' } });
    relocated = fs.realpathSync(clusterLink);
    expect(relocated).toMatch(/^\/var\/lib\/tributary\/postgres-/);
    const whereLines = first
      .output()
      .split('\n')
      .filter((line) => line.includes(`the database lives in ${relocated}`));
    expect(whereLines).toHaveLength(1);
    expect(whereLines[0]).toContain(`cannot enter ${privateFolder}`);
    // The folder asked for stays private.
    expect(fs.statSync(privateFolder).mode & 0o777).toBe(0o700);
    expect(await stopProduct(first)).toBe(0);
    expect(postgresProcessesFor(relocated)).toEqual([]);

    const second = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port), TMPDIR: tmpDir });
    await waitForHealth(port, second);
    expect(second.output()).not.toContain('database migrated');
    expect(second.output()).toContain(`the database lives in ${relocated} (linked from ${clusterLink})`);
    expect(await stopProduct(second, 'SIGINT')).toBe(0);
    expect(postgresProcessesFor(relocated)).toEqual([]);
    // No password file of the embedded-postgres package outlives start-up.
    expect(fs.readdirSync(tmpDir).filter((name) => name.startsWith('pg-password-'))).toEqual([]);
  }, 300_000);

  it('refuses, naming the fix, when an existing database sits where PostgreSQL cannot reach it', async () => {
    const blocked = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-blocked-'));
    try {
      fs.mkdirSync(path.join(blocked, 'data', 'postgres'), { recursive: true });
      fs.writeFileSync(path.join(blocked, 'data', 'postgres', 'PG_VERSION'), '17\n');
      const product = startProduct({ TRIBUTARY_DATA_DIR: path.join(blocked, 'data'), PORT: String(await freePort()) });
      expect(await product.exited).toBe(1);
      expect(product.output()).toContain(`cannot enter ${blocked}`);
      expect(product.output()).toContain(`chmod o+x ${blocked}`);
      expect(product.output()).not.toMatch(/EACCES|Unhandled|at .*\.ts:\d+/);
    } finally {
      fs.rmSync(blocked, { recursive: true, force: true });
    }
  }, 120_000);
});
