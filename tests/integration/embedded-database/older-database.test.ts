import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../../engine/store/embedded-postgres';
import { postgresBinaries } from '../../../engine/store/embedded-postgres/binaries';
import { serverEnvironment, serverUser } from '../../../engine/store/embedded-postgres/os-user';

/** A cluster as Tributary made it before: password "tributary", password logins over TCP too. */
function createOlderCluster(dataDir: string): void {
  const user = serverUser();
  const binaries = postgresBinaries(user);
  fs.mkdirSync(dataDir, { mode: 0o700 });
  const passwordFile = path.join(path.dirname(dataDir), 'pw');
  fs.writeFileSync(passwordFile, 'tributary\n', { mode: 0o644 });
  if (user) fs.chownSync(dataDir, user.uid, user.gid);
  const result = spawnSync(
    binaries.initdb,
    [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`],
    { env: serverEnvironment(), ...(user ? { uid: user.uid, gid: user.gid } : {}) },
  );
  fs.rmSync(passwordFile);
  if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr.toString()}`);
}

describe('a database made by an older Tributary, whose password was "tributary"', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-older-'));
  fs.chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'postgres');
  let server: EmbeddedDatabase | undefined;

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it('gets a generated password at its first start, refuses the old one, and keeps its data across restarts', async () => {
    createOlderCluster(dataDir);
    const first = await startEmbeddedPostgres({ dataDir });
    const writer = new pg.Client({ connectionString: first.url });
    await writer.connect();
    await writer.query("create table kept (note text); insert into kept values ('written before the restart')");
    await writer.end();
    await first.stop();

    server = await startEmbeddedPostgres({ dataDir });
    const reader = new pg.Client({ connectionString: server.url });
    await reader.connect();
    const { rows } = await reader.query<{ note: string }>('select note from kept');
    await reader.end();
    expect(rows).toEqual([{ note: 'written before the restart' }]);

    const password = fs.readFileSync(path.join(dataDir, 'tributary.password'), 'utf8').trim();
    expect(password).not.toBe('tributary');
    const socketDir = path.join(dataDir, 'socket');
    const oldPassword = new pg.Client({
      host: socketDir,
      port: 5432,
      user: 'postgres',
      password: 'tributary',
      database: 'postgres',
    });
    await expect(oldPassword.connect()).rejects.toThrow(/password authentication failed/);
    await oldPassword.end().catch(() => undefined);
  }, 180_000);
});
