import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { ClusterLocation } from './location';
import type { ServerUser } from './os-user';

/** The database superuser the product connects as. */
export const DATABASE_USER = 'postgres';

/** The port only names the socket file (`.s.PGSQL.5432`): the server has no TCP listener. */
const SOCKET_PORT = 5432;

export function readPassword(location: ClusterLocation): string | null {
  try {
    return fs.readFileSync(location.passwordFile, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** A URL for `pg`/knex: the socket folder goes in `?host=`, which also keeps it out of logs' host field. */
export function socketUrl(socketDir: string, password: string | null, database = 'postgres'): string {
  const credentials = password ? `${DATABASE_USER}:${password}` : DATABASE_USER;
  return `postgres://${credentials}@localhost:${SOCKET_PORT}/${database}?host=${encodeURIComponent(socketDir)}`;
}

export const SOCKET_PORT_ARG = String(SOCKET_PORT);

/**
 * pg_hba.conf, rewritten at every start: the product's own database user, through the
 * private socket only. `bootstrap` trusts that socket just long enough to set a password
 * on a cluster that has none yet (new, or made by an older Tributary whose password was
 * the well-known "tributary"); only root and the server's own OS user can reach it.
 */
export function writeAccessRules(location: ClusterLocation, user: ServerUser | null, mode: 'bootstrap' | 'password'): void {
  const file = path.join(location.dataDir, 'pg_hba.conf');
  const method = mode === 'bootstrap' ? 'trust' : 'scram-sha-256';
  fs.writeFileSync(
    file,
    '# Written by Tributary at every start (engine/store/embedded-postgres/access.ts).\n' +
      `# One user, through the socket in a private folder; no TCP listener.\nlocal all ${DATABASE_USER} ${method}\n`,
    { mode: 0o600 },
  );
  if (user) fs.chownSync(file, user.uid, user.gid);
}

/** Gives the cluster a new random password, saves it (mode 0600) and starts requiring it. */
export async function lockWithNewPassword(location: ClusterLocation, user: ServerUser | null): Promise<string> {
  const password = crypto.randomBytes(24).toString('base64url');
  const client = new pg.Client({ connectionString: socketUrl(location.socketDir, null) });
  await client.connect();
  try {
    await client.query("set password_encryption = 'scram-sha-256'");
    await client.query(`alter role ${DATABASE_USER} with password '${password}'`);
    fs.writeFileSync(location.passwordFile, `${password}\n`, { mode: 0o600 });
    writeAccessRules(location, user, 'password');
    await client.query('select pg_reload_conf()');
  } finally {
    await client.end();
  }
  await untilPasswordRequired(location);
  return password;
}

/** The server re-reads pg_hba.conf a moment after the reload signal; return once it has. */
async function untilPasswordRequired(location: ClusterLocation): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const probe = new pg.Client({ connectionString: socketUrl(location.socketDir, null) });
    try {
      await probe.connect();
    } catch {
      await probe.end().catch(() => undefined);
      return;
    }
    await probe.end();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`The database in ${location.dataDir} did not start requiring its password; stop Tributary and start it again.`);
}
