import type { Knex } from 'knex';

// A signed delivery is remembered by its signature, so the same signed request sent
// again (a replay) is acknowledged as a duplicate instead of being stored twice.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhook_inbox', (t) => {
    // sha256 of the delivery's HMAC (hex); null when the hook checks no signature.
    t.text('signature_digest');
    // A timestamped signature is refused by its timestamp after this; plain ones: null.
    t.timestamp('signature_expires_at', { useTz: true });
    // Retention emptied this processed payload but kept the row to recognise replays.
    t.timestamp('pruned_at', { useTz: true });
  });
  await db.raw(
    'create unique index webhook_inbox_signature on webhook_inbox (connection_id, signature_digest) where signature_digest is not null',
  );
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
