import type { Knex } from 'knex';

// One row per rate-limited thing (a Stripe or Google account's outgoing requests, a
// webhook's incoming deliveries): a token bucket every process leases from, so a limit
// holds for the sum of all workers and web processes, not for each one.
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('rate_budgets', (t) => {
    // 'account:<uuid>' or 'hook:<connection uuid>'; no foreign key, so one table serves both.
    t.text('key').primary();
    t.double('per_second').notNullable();
    t.double('capacity').notNullable();
    // Below zero for outgoing requests: slots already promised to workers for the near future.
    t.double('tokens').notNullable();
    // What the last lease got, so the one statement that takes tokens can also return it.
    t.double('granted').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
