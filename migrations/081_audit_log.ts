import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('audit_events', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    // Kept as text too: the log still says who after the person or token is gone.
    t.uuid('actor_user_id').references('users.id').onDelete('SET NULL');
    t.uuid('actor_token_id').references('api_tokens.id').onDelete('SET NULL');
    t.text('actor_email');
    t.text('actor_token_name');
    t.text('action').notNullable();
    t.text('target_type').notNullable();
    t.text('target_id');
    t.text('target_name');
    t.text('summary').notNullable();
  });
  await db.raw('create index audit_events_page on audit_events (workspace_id, at desc, id desc)');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
