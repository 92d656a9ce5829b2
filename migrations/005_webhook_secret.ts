import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('connections', (t) => {
    // The shared secret / HMAC key of a protected webhook source, sealed with secret-box
    // (AES-256-GCM). Kept out of source_options so it is never returned with them.
    t.text('webhook_secret_encrypted');
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
