import type { Knex } from 'knex';

// API tokens may expire, and only a token created with the right may create other tokens
// (a leaked script token cannot mint itself successors). Tokens made before this get no
// such right: a script that made tokens must be given a new token that may.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('api_tokens', (t) => {
    t.timestamp('expires_at', { useTz: true });
    t.boolean('can_create_tokens').notNullable().defaultTo(false);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
