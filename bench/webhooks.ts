// Webhook ingest load: `npx tsx bench/webhooks.ts [seconds] [connections]`.
// Starts its own embedded PostgreSQL in a temp folder, serves the hooks router on
// 127.0.0.1, drives it with autocannon (in a worker thread, so the load generator does
// not share the server's event loop), then checks that every 2xx delivery is in the inbox.
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import express from 'express';
import { connect } from '../engine/store/db';
import { startTemporaryPostgres } from '../engine/store/embedded-postgres';
import { InboxWriter, newWebhookToken } from '../engine/webhooks';
import { migrateToLatest } from '../migrations';
import { hooksRouter } from '../ui-api/hooks';

const TARGET = { requestsPerSecond: 2200, p99Ms: 50 };

async function main(): Promise<boolean> {
  const seconds = Number(process.argv[2] ?? 10);
  const concurrency = Number(process.argv[3] ?? 50);
  const postgres = await startTemporaryPostgres('tributary-bench-');
  // Knobs for finding the bottleneck; the defaults are what the product uses.
  const poolMax = Number(process.env.BENCH_POOL ?? 10);
  const maxConcurrentBatches = Number(process.env.BENCH_BATCHES ?? 4);
  // BENCH_BATCH_SIZE=1 BENCH_BATCHES=10: one INSERT per request, for comparison.
  const maxBatchSize = Number(process.env.BENCH_BATCH_SIZE ?? 500);
  const db = connect(postgres.url, { poolMax });
  let writer: InboxWriter | undefined;
  const router = hooksRouter({
    db,
    config: { secretKey: Buffer.alloc(32) },
    burstLimit: null,
    // Far above what the run stores, so the cap's once-a-second count is measured, not its 429.
    maxPendingPayloads: 10_000_000,
    inbox: { maxConcurrentBatches, maxBatchSize },
    onInboxWriter: (w) => (writer = w),
  });
  const server = express().use('/hooks', router).listen(0, '127.0.0.1');
  try {
    await migrateToLatest(db);
    const [workspace] = await db('workspaces').insert({ name: 'Bench' }).returning<Array<{ id: string }>>('id');
    const token = newWebhookToken();
    const [connection] = await db('connections')
      .insert({
        workspace_id: workspace!.id,
        name: 'Bench hook',
        source_connector: 'webhook',
        source_trigger: 'new-payload',
        destination_connector: 'stripe',
        destination_action: 'create-customer',
        enabled: true,
        webhook_token: token,
      })
      .returning<Array<{ id: string }>>('id');
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;

    const body = JSON.stringify({
      email: 'ann@example.com',
      customer: { first_name: 'Ann', last_name: 'Lee', address: { city: 'Berlin', country: 'DE' } },
      items: [{ sku: 'PRO-M', qty: 1, price: '49.00' }],
      plan: 'pro',
    });
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/hooks/${token}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: concurrency,
      duration: seconds,
      workers: 1,
    });

    const stored = Number(
      (await db('webhook_inbox').where({ connection_id: connection!.id }).count<Array<{ count: string }>>('* as count'))[0]!
        .count,
    );
    const accepted = result['2xx'];
    const perSecond = accepted / result.duration;
    console.log(`webhook ingest: ${concurrency} connections for ${result.duration.toFixed(1)} s, body ${body.length} bytes`);
    console.log(
      `  accepted (2xx):   ${accepted} (${perSecond.toFixed(0)} req/s), non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    console.log(`  latency:          p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    const batches = writer?.stats.batches ?? 0;
    console.log(
      `  inbox writes:     ${batches} INSERT statements, ${(writer!.stats.deliveries / Math.max(1, batches)).toFixed(1)} deliveries each (pool ${poolMax}, ${maxConcurrentBatches} concurrent)`,
    );
    console.log(
      `  stored in inbox:  ${stored} (lost: ${accepted - stored > 0 ? accepted - stored : 0}, stored but unanswered: ${Math.max(0, stored - accepted)})`,
    );
    const met = perSecond >= TARGET.requestsPerSecond && result.latency.p99 < TARGET.p99Ms && stored >= accepted;
    console.log(`  target (>= ${TARGET.requestsPerSecond} req/s, p99 < ${TARGET.p99Ms} ms, 0 lost): ${met ? 'met' : 'MISSED'}`);
    return met && stored >= accepted;
  } finally {
    server.close();
    await db.destroy();
    await postgres.stop();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
