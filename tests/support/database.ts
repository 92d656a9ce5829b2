import crypto from 'node:crypto';
import { connect, Db } from '../../engine/store/db';
import { withDatabase } from '../../engine/store/database-url';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TRIBUTARY_TEST_SERVER_URL;
  if (!url) throw new Error('TRIBUTARY_TEST_SERVER_URL is unset: run tests through Jest (npm test).');
  return url;
}

/** A fresh, migrated database of its own, cloned from the template made in global setup. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = connect(serverUrl(), { poolMax: 1 });
  try {
    await admin.raw(`create database ${name} template tributary_template`);
  } finally {
    await admin.destroy();
  }
  const url = withDatabase(serverUrl(), name);
  const db = connect(url);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      const cleanup = connect(serverUrl(), { poolMax: 1 });
      try {
        await cleanup.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}
