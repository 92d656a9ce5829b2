import { startTemporaryPostgres } from '../../engine/store/embedded-postgres';
import { connect } from '../../engine/store/db';
import { withDatabase } from '../../engine/store/database-url';
import { migrateToLatest } from '../../migrations';

export const TEMPLATE_DATABASE = 'tributary_template';

/**
 * One PostgreSQL for the whole test run, the product's own embedded server in its secure
 * mode (private socket, generated password). Every test file then clones the migrated
 * template database (see database.ts), so files never share state. With
 * TEST_DATABASE_URL set, that server is used instead of an embedded one.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const server = await startTemporaryPostgres('tributary-test-pg-');
    (globalThis as Record<string, unknown>).__tributaryPostgres = server;
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
