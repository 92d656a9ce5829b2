import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../../engine/store/embedded-postgres';
import { killServerIn, startProduct, stopProduct, waitForHealth, type Product } from '../../support/product';

// Issue 11 item 2: the embedded server listened on 127.0.0.1 with the superuser password
// "tributary", so any local user could log in (and run programs with COPY ... TO PROGRAM).

interface Address {
  name: string;
  /** For net.connect: a TCP host and port, or a Unix socket path. */
  connect: { host: string; port: number } | { path: string };
  /** For pg: the host (a folder for a socket) and port. */
  pg: { host: string; port: number };
}

/** Every address the running server listens on, as PostgreSQL itself records them. */
function listeningAddresses(dataDir: string): Address[] {
  const lines = fs
    .readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8')
    .split('\n')
    .map((line) => line.trim());
  const port = Number(lines[3]);
  const socketDirs = (lines[4] ?? '').split(',').filter(Boolean);
  const hosts = (lines[5] ?? '').split(',').filter(Boolean);
  return [
    ...socketDirs.map((dir) => ({
      name: `socket in ${dir}`,
      connect: { path: path.join(dir, `.s.PGSQL.${port}`) },
      pg: { host: dir, port },
    })),
    ...hosts.map((host) => ({
      name: `tcp ${host}:${port}`,
      connect: { host: host === '*' ? '127.0.0.1' : host, port },
      pg: { host: host === '*' ? '127.0.0.1' : host, port },
    })),
  ];
}

/** A Node binary the OS user `nobody` can execute (the project's may sit in a private folder). */
function nodeForNobody(): string | null {
  for (const candidate of [process.execPath, '/usr/bin/node', '/usr/local/bin/node']) {
    if (!fs.existsSync(candidate)) continue;
    if (spawnSync('runuser', ['-u', 'nobody', '--', candidate, '-e', '0']).status === 0) return candidate;
  }
  return null;
}

const asRoot = process.getuid?.() === 0 ? it : it.skip;

describe('the embedded PostgreSQL of a fresh npm start is private to the product', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-access-'));
  fs.chmodSync(dataDir, 0o755);
  const clusterDir = path.join(dataDir, 'postgres');
  let product: Product;

  beforeAll(async () => {
    const port = await freePort();
    product = startProduct({ TRIBUTARY_DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealth(port, product);
  }, 300_000);
  afterAll(async () => {
    if (product) await stopProduct(product);
    killServerIn(clusterDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on no TCP port, only on a socket in a folder of mode 0700', () => {
    const addresses = listeningAddresses(clusterDir);
    expect(addresses.map((address) => address.name)).toEqual([expect.stringMatching(/^socket in /)]);
    const socketDir = addresses[0]!.pg.host;
    expect(fs.statSync(socketDir).mode & 0o777).toBe(0o700);
  });

  it('refuses the old well-known password "tributary" on every address it listens on', async () => {
    for (const address of listeningAddresses(clusterDir)) {
      const client = new pg.Client({ ...address.pg, user: 'postgres', password: 'tributary', database: 'postgres' });
      client.on('error', () => undefined);
      const outcome = await client.connect().then(
        () => 'logged in',
        (error: Error) => error.message,
      );
      await client.end().catch(() => undefined);
      expect({ address: address.name, outcome }).toEqual({
        address: address.name,
        outcome: expect.stringMatching(/password authentication failed/),
      });
    }
  });

  it('admits the generated password, kept in a file only its owner can read', async () => {
    const passwordFile = path.join(clusterDir, 'tributary.password');
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
    const password = fs.readFileSync(passwordFile, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const [socket] = listeningAddresses(clusterDir);
    const client = new pg.Client({ ...socket!.pg, user: 'postgres', password, database: 'tributary' });
    await client.connect();
    const { rows } = await client.query<{ count: string }>('select count(*) from workspaces');
    await client.end();
    expect(Number(rows[0]!.count)).toBeGreaterThanOrEqual(0);
  });

  asRoot('cannot be reached at all by another local user (nobody)', () => {
    const node = nodeForNobody();
    if (!node) throw new Error('no Node binary the user nobody can run: install Debian nodejs to run this test');
    // A bare connection attempt: the user must not even reach the server's door.
    const attempt = `
      const net = require('net');
      const target = JSON.parse(process.argv[1]);
      const socket = net.connect(target);
      socket.on('connect', () => { console.log('connected'); process.exit(0); });
      socket.on('error', (error) => { console.log(error.code); process.exit(0); });`;
    const addresses = listeningAddresses(clusterDir);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) {
      const result = spawnSync('runuser', ['-u', 'nobody', '--', node, '-e', attempt, JSON.stringify(address.connect)], {
        cwd: '/',
      });
      expect({ address: address.name, outcome: result.stdout.toString().trim() }).toEqual({
        address: address.name,
        outcome: 'EACCES',
      });
    }
  });
});
