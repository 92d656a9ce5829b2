import { spawn, type ChildProcess } from 'node:child_process';
import { SOCKET_PORT_ARG } from './access';
import type { Binaries } from './binaries';
import type { ClusterLocation } from './location';
import { serverEnvironment, type ServerUser } from './os-user';
import { readPostmasterPid } from './postmaster';

export interface ServerProcess {
  pid: number;
  /** Fast shutdown; resolves once the server has exited. */
  stop(): Promise<void>;
}

type Log = (line: string) => void;

function launch(
  program: string,
  args: string[],
  user: ServerUser | null,
  onLog: Log,
  detached = false,
): {
  child: ChildProcess;
  tail: () => string;
} {
  const child = spawn(program, args, {
    env: serverEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches Node, which stops the
    // server after the worker has recorded its in-flight items, not before.
    detached,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      onLog(line);
      lines.push(line.trim());
      if (lines.length > 12) lines.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, tail: () => lines.join(' | ') };
}

/** Creates the cluster: UTF-8, a locale that does not depend on what the OS has installed. */
export async function initialiseCluster(
  binaries: Binaries,
  location: ClusterLocation,
  user: ServerUser | null,
  onLog: Log,
): Promise<void> {
  const args = [
    `--pgdata=${location.dataDir}`,
    '--username=postgres',
    // pg_hba.conf is rewritten before every start; nothing may connect over TCP meanwhile.
    '--auth-local=trust',
    '--auth-host=reject',
    '--encoding=UTF8',
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
  ];
  const { child, tail } = launch(binaries.initdb, args, user, onLog);
  await new Promise<void>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`Could not run ${binaries.initdb}: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`Creating the database in ${location.dataDir} failed (initdb ${code ?? signal}): ${tail()}`));
    });
  });
}

function quoted(directory: string): string {
  return `"${directory.replaceAll('"', '""')}"`;
}

/** Starts the server on the private socket only and resolves once it accepts connections. */
export async function startServer(
  binaries: Binaries,
  location: ClusterLocation,
  user: ServerUser | null,
  onLog: Log,
): Promise<ServerProcess> {
  const args = [
    '-D',
    location.dataDir,
    '-p',
    SOCKET_PORT_ARG,
    '-c',
    'listen_addresses=',
    '-c',
    `unix_socket_directories=${quoted(location.socketDir)}`,
    '-c',
    'unix_socket_permissions=0700',
    '-c',
    'max_connections=200',
  ];
  const { child, tail } = launch(binaries.postgres, args, user, onLog, true);
  // If Node exits without stopping it (an uncaught error), the server still shuts down.
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => process.off('exit', stopOnExit));

  let settled = false;
  await new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const failed = (why: string) =>
      finish(new Error(`The embedded PostgreSQL in ${location.dataDir} did not start (${why}): ${tail() || 'no output'}`));
    child.on('error', (error) => (settled ? onLog(error.message) : failed(`could not run it: ${error.message}`)));
    child.once('exit', (code, signal) => failed(`it exited with ${code ?? signal}`));
    const poll = setInterval(() => {
      const running = readPostmasterPid(location.dataDir);
      if (running && running.pid === child.pid && running.status === 'ready') finish();
    }, 50);
    // Crash recovery of a large database can take a while; a hang should still end.
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      failed('it was not ready after 5 minutes');
    }, 300_000);
  });

  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await exited;
      }
    },
  };
}
