import type { Knex } from 'knex';

// An item the source chose not to send (a sheet row that looks like an edit) is recorded
// as skipped with the reason, so the run log can show it and a person can send it anyway.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('run_items', (t) => {
    // { code, reason, sendable } from the source.
    t.jsonb('note');
    // Set when a person asked to send this not-sent item; a run of trigger 'send' sends it.
    t.timestamp('send_requested_at', { useTz: true });
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
