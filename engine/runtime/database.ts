import path from 'node:path';
import type { Config } from '../config/config';
import type { Logger } from '../log/logger';
import { startEmbeddedPostgres } from '../store/embedded-postgres';
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

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL in the data folder, and
 * migrates to the latest schema either way.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<RunningDatabase> {
  let url = config.databaseUrl;
  let stopServer: (() => Promise<void>) | null = null;
  if (!url) {
    const dataDir = path.join(config.dataDir, 'postgres');
    logger.info({ dataDir }, 'starting embedded PostgreSQL');
    // A fixed port would collide with a second checkout; a fresh free port each start is fine
    // because nothing outside this process connects to the embedded server.
    const server = await startEmbeddedPostgres({ dataDir, onLog: (line) => logger.debug({ postgres: line.trim() }) });
    stopServer = server.stop;
    const admin = connect(server.url, { poolMax: 1 });
    try {
      const exists = await admin('pg_database').where({ datname: EMBEDDED_DATABASE }).first();
      if (!exists) await admin.raw(`create database ${EMBEDDED_DATABASE}`);
    } finally {
      await admin.destroy();
    }
    url = withDatabase(server.url, EMBEDDED_DATABASE);
  }
  const db = connect(url, { poolMax: 20 });
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
