import type { Knex } from 'knex';

// What the destination reported for an item beyond its object id: a summary line, a
// dashboard link and the action's output (a payment link's URL, what a payment paid and
// what remains). Null for items recorded before this column and for failed items.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('run_items', (t) => {
    t.jsonb('result');
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
