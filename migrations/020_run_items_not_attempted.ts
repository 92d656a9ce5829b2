import type { Knex } from 'knex';

// Issue 10.3: items a run never got to (it stopped on an auth or config failure) are
// listed as "not attempted" instead of being left out or counted as failed.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('runs', (t) => {
    t.integer('items_not_attempted').notNullable().defaultTo(0);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
