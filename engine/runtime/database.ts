import path from 'node:path';
import type { Config } from '../config/config';
import type { Logger } from '../log/logger';
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from '../store/embedded-postgres';
import { connect, Db } from '../store/db';
import { withDatabase } from '../store/database-url';
import { migrateToLatest } from '../../migrations';

export interface RunningDatabase {
  db: Db;
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'tributary';

/** Where the embedded cluster lives inside the data folder. */
export function embeddedClusterDir(config: Config): string {
  return path.join(config.dataDir, 'postgres');
}

async function startEmbedded(config: Config, logger: Logger): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = embeddedClusterDir(config);
  logger.info({ dataDir }, 'starting embedded PostgreSQL');
  const server = await startEmbeddedPostgres({
    dataDir,
    onLog: (line) => logger.debug({ postgres: line.trim() }),
    onNotice: (line) => logger.warn(`Embedded PostgreSQL: ${line}`),
  });
  const admin = connect(server.url, { poolMax: 1 });
  try {
    const exists = await admin('pg_database').where({ datname: EMBEDDED_DATABASE }).first();
    if (!exists) await admin.raw(`create database ${EMBEDDED_DATABASE}`);
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await admin.destroy();
  }
  return { url: withDatabase(server.url, EMBEDDED_DATABASE), stop: server.stop };
}

/**
 * Connects to DATABASE_URL, or to the embedded PostgreSQL in the data folder, and migrates
 * to the latest schema either way. `start` runs the embedded server in this process;
 * `join` (separate worker and scheduler processes) uses the one `npm start` runs.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  embedded: 'start' | 'join' = 'start',
): Promise<RunningDatabase> {
  let url = config.databaseUrl;
  let stopServer: (() => Promise<void>) | null = null;
  if (!url && embedded === 'join') {
    url = withDatabase(runningEmbeddedPostgresUrl(embeddedClusterDir(config)), EMBEDDED_DATABASE);
  } else if (!url) {
    const server = await startEmbedded(config, logger);
    url = server.url;
    stopServer = server.stop;
  }
  const db = connect(url, { poolMax: config.databasePoolSize ?? 20 });
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    await db.destroy();
    await stopServer?.();
    throw error;
  }
  return {
    db,
    url,
    embedded: stopServer !== null,
    async stop() {
      await db.destroy();
      await stopServer?.();
    },
  };
}
