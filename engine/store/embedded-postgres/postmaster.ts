import fs from 'node:fs';
import path from 'node:path';

/** What PostgreSQL writes into `postmaster.pid` while it runs (see its docs on the file). */
export interface PostmasterPid {
  pid: number;
  dataDir: string;
  port: number;
  socketDir: string;
  listenAddress: string;
  /** `starting`, `ready`, `stopping`... */
  status: string;
}

export function readPostmasterPid(dataDir: string): PostmasterPid | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n').map((line) => line.trim());
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return {
    pid,
    dataDir: lines[1] ?? '',
    port: Number(lines[3]),
    socketDir: lines[4] ?? '',
    listenAddress: lines[5] ?? '',
    status: lines[7] ?? '',
  };
}

function procStat(pid: number): { state: string; parent: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may contain spaces; the fields after it do not.
    const [state, parent] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: state ?? '', parent: Number(parent) };
  } catch {
    return null;
  }
}

/** Alive, and not a zombie whose parent has yet to collect it. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStat(pid)?.state !== 'Z';
}

/** True when `pid` is a postgres whose working folder is `dataDir`; null when that cannot be checked. */
export function isPostmasterOf(pid: number, dataDir: string): boolean | null {
  try {
    const program = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    // The postmaster changes into its data folder at start-up and stays there.
    const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    return path.basename(program) === 'postgres' && cwd === fs.realpathSync(dataDir);
  } catch {
    return null;
  }
}

/** The Node process that started the server, while it still runs; an orphan's parent is init. */
function owningNodeProcess(pid: number): number | null {
  const parent = procStat(pid)?.parent;
  if (!parent || parent === 1) return null;
  try {
    return /^node/.test(path.basename(fs.readlinkSync(`/proc/${parent}/exe`))) ? parent : null;
  } catch {
    return null;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Stops a PostgreSQL server by its pid: fast shutdown (SIGINT), then immediate (SIGQUIT). */
export async function stopServerProcess(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  if (await waitUntilGone(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await waitUntilGone(pid, 10_000)) return;
  throw new Error(`PostgreSQL (pid ${pid}) did not stop; stop it by hand (kill ${pid}) and start again.`);
}

/**
 * When only the Node process died (kill -9, the OOM killer), its PostgreSQL keeps running
 * and holds the folder, so no later start could succeed. Recognise that server as this
 * folder's own (a postgres process working in this very folder, whose Node parent is gone)
 * and stop it. A server a running Tributary still uses is left alone, with a clear error.
 */
export async function stopLeftoverServer(dataDir: string, notice: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const recorded = readPostmasterPid(dataDir);
  // No server, or a dead one: PostgreSQL itself replaces a lock file whose process is gone.
  if (!recorded || !isRunning(recorded.pid)) return;
  const ours = isPostmasterOf(recorded.pid, dataDir);
  if (ours === false) {
    // The pid now belongs to an unrelated program; PostgreSQL would refuse to start over it.
    fs.rmSync(pidFile, { force: true });
    return;
  }
  if (ours === null) {
    throw new Error(
      `${pidFile} names process ${recorded.pid}, which may be a PostgreSQL still using this folder and cannot be checked. ` +
        'Stop it, or delete that file if it is not PostgreSQL, and start again.',
    );
  }
  const owner = owningNodeProcess(recorded.pid);
  if (owner !== null) {
    throw new Error(
      `Another Tributary process (pid ${owner}) is running with the database in ${dataDir}. ` +
        'Stop it first, or give this one its own TRIBUTARY_DATA_DIR.',
    );
  }
  notice(`stopping the PostgreSQL (pid ${recorded.pid}) left running in ${dataDir} by a Tributary process that ended abruptly`);
  await stopServerProcess(recorded.pid);
}
