import { lockWithNewPassword, readPassword, socketUrl, writeAccessRules } from './access';
import { postgresBinaries } from './binaries';
import { clusterLocation, hasCluster, prepareClusterFolder, prepareSocketFolder } from './location';
import { serverUser } from './os-user';
import { isRunning, readPostmasterPid, stopLeftoverServer } from './postmaster';
import { initialiseCluster, startServer } from './server';

export interface EmbeddedDatabase {
  /** postgres://... URL of the `postgres` maintenance database, through the private socket. */
  url: string;
  /** The real folder holding the cluster (the one asked for, or where it links to). */
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL server whose data lives in `dataDir`, creating the cluster the first
 * time. It listens on a Unix socket in a private folder (no TCP) and requires a random
 * password kept in the cluster (mode 0600), so other local users can neither reach nor
 * log in to it. Works as root (the server then runs as the `postgres` OS user) and
 * recovers from a server left running by a Tributary process that was killed.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  onLog?: (line: string) => void;
  /** One-line facts worth telling the person starting the product (where the data lives). */
  onNotice?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const onLog = options.onLog ?? (() => undefined);
  const notice = options.onNotice ?? (() => undefined);
  const user = serverUser();
  const binaries = postgresBinaries(user);
  const location = prepareClusterFolder(options.dataDir, user, notice);
  if (!hasCluster(location.dataDir)) await initialiseCluster(binaries, location, user, onLog);
  await stopLeftoverServer(location.dataDir, notice);
  prepareSocketFolder(location, user);
  let password = readPassword(location);
  writeAccessRules(location, user, password ? 'password' : 'bootstrap');
  const server = await startServer(binaries, location, user, onLog);
  try {
    password ??= await lockWithNewPassword(location, user);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: socketUrl(location.socketDir, password), dataDir: location.dataDir, stop: server.stop };
}

/**
 * The URL of the embedded PostgreSQL that `npm start` runs in `dataDir`, for extra worker
 * and scheduler processes on the same machine (same OS user, or root): they read the
 * socket folder from postmaster.pid and the password from the cluster.
 */
export function runningEmbeddedPostgresUrl(dataDir: string): string {
  const location = clusterLocation(dataDir);
  const server = readPostmasterPid(location.dataDir);
  const password = readPassword(location);
  if (!server || !isRunning(server.pid) || server.status !== 'ready' || !password) {
    throw new Error(
      `No embedded PostgreSQL is running in ${location.dataDir}. Start Tributary with npm start first (it runs the database), ` +
        'or set DATABASE_URL to your PostgreSQL server.',
    );
  }
  return socketUrl(server.socketDir, password);
}
