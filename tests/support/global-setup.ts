import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../engine/store/embedded-postgres';
import { connect } from '../../engine/store/db';
import { withDatabase } from '../../engine/store/database-url';
import { migrateToLatest } from '../../migrations';

export const TEMPLATE_DATABASE = 'tributary_template';

/**
 * One PostgreSQL for the whole test run, on a random free port. Every test file then
 * clones the migrated template database (see database.ts), so files never share state.
 * With TEST_DATABASE_URL set, that server is used instead of an embedded one.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data') });
    (globalThis as Record<string, unknown>).__tributaryPostgres = { server, dataDir };
    serverUrl = server.url;
  }
  const admin = connect(serverUrl, { poolMax: 1 });
  await admin.raw(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.raw(`create database ${TEMPLATE_DATABASE}`);
  await admin.destroy();
  const template = connect(withDatabase(serverUrl, TEMPLATE_DATABASE), { poolMax: 1 });
  await migrateToLatest(template);
  await template.destroy();
  // Workers are forked after this, so they inherit the variable.
  process.env.TRIBUTARY_TEST_SERVER_URL = serverUrl;
}
