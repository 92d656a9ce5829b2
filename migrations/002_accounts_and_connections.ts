import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('accounts', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('connector').notNullable();
    t.text('name').notNullable();
    // AES-256-GCM envelope (version, iv, tag, ciphertext); never leaves the server.
    t.text('credentials_encrypted').notNullable();
    // Masked hint shown to people, e.g. "sk_test_...4242".
    t.text('hint').notNullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('verified_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['workspace_id', 'connector']);
  });

  await db.schema.createTable('connections', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('source_connector').notNullable();
    t.text('source_trigger').notNullable();
    // RESTRICT: an account in use cannot vanish under a connection.
    t.uuid('source_account_id').references('accounts.id').onDelete('RESTRICT');
    t.jsonb('source_options').notNullable().defaultTo('{}');
    t.text('destination_connector').notNullable();
    t.text('destination_action').notNullable();
    t.uuid('destination_account_id').references('accounts.id').onDelete('RESTRICT');
    t.jsonb('destination_options').notNullable().defaultTo('{}');
    t.jsonb('mapping').notNullable().defaultTo('{}');
    // { type: 'interval', minutes } | { type: 'times', times: ['09:00'], timezone } | null
    t.jsonb('schedule');
    t.uuid('run_after').references('connections.id').onDelete('RESTRICT');
    t.boolean('enabled').notNullable().defaultTo(false);
    t.timestamp('next_run_at', { useTz: true });
    // Secret path segment of /hooks/<token> for webhook sources.
    t.text('webhook_token').unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['workspace_id']);
    t.index(['run_after']);
  });
  // The scheduler's query: enabled connections whose due time has come.
  await db.raw('create index connections_due on connections (next_run_at) where enabled and next_run_at is not null');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
