import type { Knex } from 'knex';

// Issue 15.3: when an item was first handed to its destination, kept until the item is
// recorded as sent (or skipped). An item that has a row here and none in the ledger was
// attempted with an outcome nobody recorded; once Stripe has forgotten that attempt's
// idempotency keys (24 hours), the runner looks for the item's tag in Stripe before
// sending it again.
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('item_attempts', (t) => {
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE');
    t.text('item_key').notNullable();
    t.timestamp('first_attempt_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['connection_id', 'item_key']);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
