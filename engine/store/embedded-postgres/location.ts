import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blockingFolder, canUse, type ServerUser } from './os-user';

/** Where a root-run PostgreSQL keeps clusters its `postgres` user could not reach where asked. */
export const ROOT_CLUSTER_HOME = '/var/lib/tributary';

/** Linux limits a Unix socket's path to 107 bytes; PostgreSQL's socket file name is this long. */
const SOCKET_FILE = '.s.PGSQL.5432';
const MAX_SOCKET_PATH = 107;

export interface ClusterLocation {
  /** The folder asked for (may be a link to `dataDir`). */
  requested: string;
  /** The real folder holding PostgreSQL's files (PGDATA). */
  dataDir: string;
  /** The private folder (mode 0700) holding the server's only listening socket. */
  socketDir: string;
  /** The generated password of the `postgres` database user (mode 0600). */
  passwordFile: string;
}

export function hasCluster(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

function socketDirFor(dataDir: string): string {
  const inside = path.join(dataDir, 'socket');
  if (path.join(inside, SOCKET_FILE).length <= MAX_SOCKET_PATH) return inside;
  // A deep data folder: a short private folder named after it, so other processes find it too.
  const digest = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `tributary-pg-${digest}`);
}

/** The location of a cluster that already exists (or will exist) at `requested`, without changing anything. */
export function clusterLocation(requested: string): ClusterLocation {
  const absolute = path.resolve(requested);
  const dataDir = fs.existsSync(absolute) ? fs.realpathSync(absolute) : absolute;
  return {
    requested: absolute,
    dataDir,
    socketDir: socketDirFor(dataDir),
    passwordFile: path.join(dataDir, 'tributary.password'),
  };
}

function ownedBy(dir: string, user: ServerUser | null): void {
  if (user) fs.chownSync(dir, user.uid, user.gid);
  fs.chmodSync(dir, 0o700);
}

/**
 * Prepares the folder for a cluster. As root, PostgreSQL runs as the `postgres` user; when
 * that user cannot reach the folder asked for (a checkout in root's home, mode 0700), a new
 * cluster goes to /var/lib/tributary and the folder asked for becomes a link to it, so the
 * next start finds it. An existing cluster is never moved: that is refused with the fix.
 */
export function prepareClusterFolder(
  requested: string,
  user: ServerUser | null,
  notice: (line: string) => void,
): ClusterLocation {
  const absolute = path.resolve(requested);
  const isLink = fs.lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  if (isLink && !fs.existsSync(absolute)) {
    throw new Error(
      `${absolute} links to ${fs.readlinkSync(absolute)}, which is missing: restore it, or remove the link to start with an empty database.`,
    );
  }
  if (!fs.existsSync(absolute)) {
    fs.mkdirSync(absolute, { recursive: true });
    ownedBy(absolute, user);
  }
  let location = clusterLocation(absolute);
  if (!canUse(user, location.dataDir)) {
    const blocked = blockingFolder(user, location.dataDir) ?? location.dataDir;
    if (hasCluster(location.dataDir) || fs.readdirSync(location.dataDir).length > 0) {
      throw new Error(
        `The OS user "${user?.name ?? os.userInfo().username}" that runs PostgreSQL cannot enter ${blocked}, so the database in ` +
          `${location.dataDir} cannot start. Let it through (chmod o+x ${blocked}) or move the folder and set TRIBUTARY_DATA_DIR.`,
      );
    }
    if (!user) throw new Error(`Cannot write to ${location.dataDir}: set TRIBUTARY_DATA_DIR to a folder you can write to.`);
    fs.mkdirSync(ROOT_CLUSTER_HOME, { recursive: true, mode: 0o755 });
    const relocated = fs.mkdtempSync(path.join(ROOT_CLUSTER_HOME, 'postgres-'));
    ownedBy(relocated, user);
    fs.rmdirSync(absolute);
    fs.symlinkSync(relocated, absolute);
    notice(
      `the OS user "${user.name}" that runs PostgreSQL cannot enter ${blocked}, so the database lives in ${relocated} (linked from ${absolute})`,
    );
    location = clusterLocation(absolute);
  } else if (isLink) {
    notice(`the database lives in ${location.dataDir} (linked from ${absolute})`);
  }
  if (user && !hasCluster(location.dataDir)) ownedBy(location.dataDir, user);
  return location;
}

/** Creates the socket folder PostgreSQL listens in: mode 0700, owned by the server user, nobody else's. */
export function prepareSocketFolder(location: ClusterLocation, user: ServerUser | null): void {
  const dir = location.socketDir;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  const allowedOwners = [process.getuid?.(), user?.uid];
  if (!stat.isDirectory() || !allowedOwners.includes(stat.uid)) {
    throw new Error(`${dir} belongs to another user, so the database cannot keep its socket there: remove it and start again.`);
  }
  ownedBy(dir, user);
}
