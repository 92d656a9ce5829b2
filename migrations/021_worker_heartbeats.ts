import type { Knex } from 'knex';

// Issue 10.7 and 11.1: a run held by a worker that stopped heartbeating (and whose
// database session is gone) is taken over in seconds instead of after its whole lease,
// and a run that keeps killing its workers is failed after a few takeovers.
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('workers', (t) => {
    // The id a worker writes into runs.worker_id.
    t.text('id').primary();
    t.text('host').notNullable();
    t.integer('pid').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    // Written every second by a live worker, with the database's clock.
    t.timestamp('heartbeat_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.alterTable('runs', (t) => {
    // How many times a worker died holding this run and another took it over.
    t.integer('takeovers').notNullable().defaultTo(0);
  });
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
