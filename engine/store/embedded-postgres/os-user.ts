import { execFileSync, spawnSync } from 'node:child_process';

/** The OS account PostgreSQL runs as when we are root (PostgreSQL refuses to run as root). */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

const NAME = 'postgres';

function lookup(name: string): ServerUser | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { stdio: 'pipe' }).toString());
    const gid = Number(execFileSync('id', ['-g', name], { stdio: 'pipe' }).toString());
    return { name, uid, gid };
  } catch {
    return null;
  }
}

/**
 * Null when we are not root: PostgreSQL then runs as us. As root, the `postgres` system
 * account (created once, without a home or a login shell, if the machine has none).
 */
export function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  const existing = lookup(NAME);
  if (existing) return existing;
  try {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', NAME],
      { stdio: 'pipe' },
    );
  } catch (error) {
    // Another process may have created it at the same moment.
    const created = lookup(NAME);
    if (created) return created;
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
    throw new Error(
      `Tributary runs as root, so its PostgreSQL must run as the OS user "${NAME}", which could not be created (${detail}). ` +
        `Create it with "useradd --system ${NAME}", or start Tributary as a normal user.`,
      { cause: error },
    );
  }
  const created = lookup(NAME);
  if (!created) throw new Error(`The OS user "${NAME}" was created but cannot be found; check /etc/passwd.`);
  return created;
}

/** The environment PostgreSQL gets: nothing of ours (no DATABASE_URL, no secret key). */
export function serverEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env;
}

/** Runs a command as the server user (or as us), true when it exits with 0. */
export function runsAs(user: ServerUser | null, command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: 'ignore',
    env: serverEnvironment(),
    timeout: 30_000,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  return !result.error && result.status === 0;
}

/** Whether the server user can enter and write `dir` (every folder above it included). */
export function canUse(user: ServerUser | null, dir: string): boolean {
  return runsAs(user, '/bin/sh', ['-c', 'cd -- "$1" && test -w . -a -x .', 'sh', dir]);
}

/** The first folder on the way to `target` that the server user cannot enter, for messages. */
export function blockingFolder(user: ServerUser | null, target: string): string | null {
  const parts = target.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const folder = `/${parts.slice(0, i).join('/')}`;
    if (!runsAs(user, '/bin/sh', ['-c', 'cd -- "$1"', 'sh', folder])) return folder;
  }
  return null;
}
