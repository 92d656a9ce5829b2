import type { Knex } from 'knex';

// Retention finds old processed payloads and old run items without reading every row.
export async function up(db: Knex): Promise<void> {
  await db.raw(
    'create index webhook_inbox_prunable on webhook_inbox (processed_at) where processed_at is not null and pruned_at is null',
  );
  await db.raw('create index run_items_created_at on run_items (created_at)');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
