import type { Knex } from 'knex';

// Issue 15.3: an item_attempts row may go once its item can no longer be sent again. Its
// last attempt (not its first) says when that is: each retry makes a new run log entry
// from which a person can retry once more, kept as long as retention keeps run items.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('item_attempts', (t) => {
    t.timestamp('last_attempt_at', { useTz: true });
  });
  await db('item_attempts').update({ last_attempt_at: db.ref('first_attempt_at') });
  await db.raw(
    'alter table item_attempts alter column last_attempt_at set not null, alter column last_attempt_at set default now()',
  );
  await db.raw('create index item_attempts_last_attempt_at on item_attempts (last_attempt_at)');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
