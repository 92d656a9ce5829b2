import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('runs', (t) => {
    t.uuid('id').primary().defaultTo(db.raw('gen_random_uuid()'));
    t.uuid('workspace_id').notNullable().references('workspaces.id').onDelete('CASCADE');
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE');
    // schedule | manual | after | retry | webhook
    t.text('trigger').notNullable();
    // queued | running | succeeded | partial | failed
    t.text('status').notNullable().defaultTo('queued');
    // The schedule slot this run serves; unique per connection so enqueueing is idempotent.
    t.timestamp('due_at', { useTz: true });
    t.uuid('after_run_id').references('runs.id').onDelete('SET NULL');
    t.uuid('retry_of_run_id').references('runs.id').onDelete('SET NULL');
    t.integer('items_total').notNullable().defaultTo(0);
    t.integer('items_sent').notNullable().defaultTo(0);
    t.integer('items_skipped').notNullable().defaultTo(0);
    t.integer('items_failed').notNullable().defaultTo(0);
    t.jsonb('error');
    t.text('worker_id');
    // A running run whose lease expired belongs to a dead worker and may be taken over.
    t.timestamp('lease_expires_at', { useTz: true });
    t.integer('attempt').notNullable().defaultTo(0);
    t.timestamp('queued_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.index(['connection_id', 'queued_at']);
  });
  // A connection never has two runs at once (queued or running).
  await db.raw(
    "create unique index runs_one_active_per_connection on runs (connection_id) where status in ('queued', 'running')",
  );
  await db.raw('create unique index runs_one_per_due_slot on runs (connection_id, due_at) where due_at is not null');
  // Workers claim the oldest queued run, and look for expired leases.
  await db.raw("create index runs_queued on runs (queued_at) where status = 'queued'");
  await db.raw("create index runs_running_lease on runs (lease_expires_at) where status = 'running'");

  await db.schema.createTable('run_items', (t) => {
    t.bigIncrements('id');
    t.uuid('run_id').notNullable().references('runs.id').onDelete('CASCADE');
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE');
    t.text('item_key').notNullable();
    // sent | skipped | failed
    t.text('status').notNullable();
    t.jsonb('source').notNullable();
    t.jsonb('mapped');
    t.text('destination_object_id');
    // Stripe's own { type, code, param, message } or ours for mapping errors.
    t.jsonb('error');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.unique(['run_id', 'item_key']);
    t.index(['run_id', 'status', 'id']);
    t.index(['connection_id', 'created_at']);
  });

  // The delivery ledger: the single source of truth for "this item reached the destination".
  await db.schema.createTable('ledger', (t) => {
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE');
    t.text('item_key').notNullable();
    t.text('destination_object_id');
    t.uuid('run_id').references('runs.id').onDelete('SET NULL');
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['connection_id', 'item_key']);
  });

  await db.schema.createTable('source_state', (t) => {
    t.uuid('connection_id').primary().references('connections.id').onDelete('CASCADE');
    // Trigger-specific cursor, e.g. the fingerprints a sheet has shown so far.
    t.jsonb('cursor').notNullable().defaultTo('{}');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('webhook_inbox', (t) => {
    t.bigIncrements('id');
    t.uuid('connection_id').notNullable().references('connections.id').onDelete('CASCADE');
    // Idempotency-Key / X-Request-Id of the delivery, when the sender gave one.
    t.text('delivery_key');
    t.jsonb('payload').notNullable();
    t.jsonb('headers').notNullable().defaultTo('{}');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('processed_at', { useTz: true });
    t.uuid('run_id').references('runs.id').onDelete('SET NULL');
  });
  await db.raw(
    'create unique index webhook_inbox_delivery on webhook_inbox (connection_id, delivery_key) where delivery_key is not null',
  );
  await db.raw('create index webhook_inbox_pending on webhook_inbox (connection_id, id) where processed_at is null');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
