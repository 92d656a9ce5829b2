import type { Knex } from 'knex';
import * as m001 from './001_workspaces_and_users';
import * as m002 from './002_accounts_and_connections';
import * as m003 from './003_runs_items_ledger';
import * as m004 from './004_login_attempts_by_address';
import * as m005 from './005_webhook_secret';
import * as m007 from './007_connection_drafts';
import * as m060 from './060_run_item_results';
import * as m030 from './030_rate_budgets';
import * as m015 from './015_run_item_notes';
import * as m040 from './040_webhook_replay_guard';
import * as m041 from './041_retention_indexes';
import * as m080 from './080_teams';
import * as m081 from './081_audit_log';
import * as m020 from './020_run_items_not_attempted';
import * as m021 from './021_worker_heartbeats';
import * as m042 from './042_api_token_expiry_and_rights';
import * as m090 from './090_item_attempts';
import * as m100 from './100_item_attempts_last_attempt';

interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

// Listed explicitly (not read from disk) so the same migrations run under tsx, Jest and
// a bundled build alike. Append only: released migrations never change.
const migrations: Array<[string, Migration]> = [
  ['001_workspaces_and_users', m001],
  ['002_accounts_and_connections', m002],
  ['003_runs_items_ledger', m003],
  ['004_login_attempts_by_address', m004],
  ['005_webhook_secret', m005],
  ['007_connection_drafts', m007],
  ['060_run_item_results', m060],
  ['030_rate_budgets', m030],
  ['015_run_item_notes', m015],
  ['040_webhook_replay_guard', m040],
  ['041_retention_indexes', m041],
  ['080_teams', m080],
  ['081_audit_log', m081],
  ['020_run_items_not_attempted', m020],
  ['021_worker_heartbeats', m021],
  ['042_api_token_expiry_and_rights', m042],
  ['090_item_attempts', m090],
  ['100_item_attempts_last_attempt', m100],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Migrations this version ships that the database has not applied yet (none: ready to serve). */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const [, pending] = (await db.migrate.list({ migrationSource })) as [unknown[], Array<{ file: string } | [string, Migration]>];
  return pending.map((entry) => (Array.isArray(entry) ? entry[0] : entry.file));
}
