import type { Knex } from 'knex';

// Failed logins are throttled per email *and* client address, so one attacker cannot
// lock a person out from every other network by guessing at their email.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('login_attempts', (t) => {
    t.text('ip').notNullable().defaultTo('');
  });
  await db.raw('create index login_attempts_email_ip_time on login_attempts (lower(email), ip, attempted_at desc)');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
