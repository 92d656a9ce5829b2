import type { Knex } from 'knex';

// The wizard saves a connection after its first step, before a destination is chosen,
// so a person can leave and come back. Such a draft cannot be enabled or run.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('connections', (t) => {
    t.text('destination_connector').nullable().alter();
    t.text('destination_action').nullable().alter();
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
