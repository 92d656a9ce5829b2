import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  // Roles per workspace. Members added before roles existed were full collaborators.
  await db('workspace_members').where({ role: 'member' }).update({ role: 'editor' });
  await db.raw("alter table workspace_members alter column role set default 'editor'");
  await db.raw(
    "alter table workspace_members add constraint workspace_members_role check (role in ('owner', 'admin', 'editor', 'viewer'))",
  );

  // A token may carry a narrower role than its user's; null means "the user's role".
  await db.schema.alterTable('api_tokens', (t) => {
    t.text('role');
  });
  await db.raw("alter table api_tokens add constraint api_tokens_role check (role in ('owner', 'admin', 'editor', 'viewer'))");
  await db.raw('create index api_tokens_user_workspace on api_tokens (user_id, workspace_id)');
  await db.raw('create index sessions_user on sessions (user_id)');

  await db.schema.createTable('invitations', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.text('email').notNullable();
    t.text('role').notNullable();
    // SHA-256 of the link's secret: the link works once, and a database leak opens nothing.
    t.text('token_hash').notNullable().unique();
    t.uuid('invited_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.index(['workspace_id']);
  });
  await db.raw("alter table invitations add constraint invitations_role check (role in ('owner', 'admin', 'editor', 'viewer'))");

  await db.schema.createTable('password_resets', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.uuid('created_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
