import type { AddressInfo } from 'node:net';
import http from 'node:http';
import express from 'express';
import { runForNewPayload } from '../../../engine/runs/service';
import { newWebhookToken } from '../../../engine/webhooks';
import { createWorker, type Worker } from '../../../engine/worker/worker';
import { hooksRouter } from '../../../ui-api/hooks';
import { insertConnection, insertDeliveries, TEST_SECRET_KEY } from '../../support/fixtures';
import type { RunRecord } from '../../../engine/runs/types';
import { queueInstantFollowUp } from '../../../engine/webhooks/instant-follow-up';
import { startHarness, type Harness } from './harness';

// Issue 10.8: a payload stored while the connection's run is running must always get a
// run, also when it lands after that run's last read of the inbox. Bursts end at random
// moments of a run; after each, every payload acknowledged with 200 must reach Stripe
// without any further payload, schedule or poll (this worker polls once a minute).
jest.setTimeout(240_000);

const ROUNDS = 15;

let h: Harness;
let worker: Worker;
let server: http.Server;
let hookUrl: string;
let connectionId: string;

beforeEach(async () => {
  h = await startHarness({}, { latencyMs: 15 });
  const token = newWebhookToken();
  connectionId = await insertConnection(h.database.db, h.workspaceId, {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    source_options: { instant: true },
    destination_connector: 'stripe',
    destination_action: 'create-customer',
    destination_account_id: h.stripeAccountId,
    destination_options: { onExistingEmail: 'create' },
    mapping: { email: '{{email}}' },
    enabled: true,
    webhook_token: token,
  });
  worker = createWorker(h.deps, { pollMs: 60_000, onFinished: async () => worker.poke() });
  worker.start();
  const app = express();
  app.use(
    '/hooks',
    hooksRouter({
      db: h.database.db,
      config: { secretKey: TEST_SECRET_KEY },
      burstLimit: null,
      // As ui-api/app.ts wires it.
      onPayloadStored: async (id, workspaceId) => {
        if ((await worker.startNow({ workspaceId, connectionId: id, trigger: 'webhook' })) !== 'no-room') return;
        if (await runForNewPayload({ db: h.database.db, connectionId: id, workspaceId })) worker.poke();
      },
    }),
  );
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${token}`;
});
afterEach(async () => {
  await worker.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

/** A small seeded generator, so a failing sequence can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function post(email: string): Promise<void> {
  const response = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (response.status !== 200) throw new Error(`the hook answered ${response.status}`);
}

async function unsent(): Promise<number> {
  const [row] = (await h.database
    .db('webhook_inbox')
    .where({ connection_id: connectionId })
    .whereNull('processed_at')
    .count({ n: '*' })) as Array<{ n: number }>;
  return Number(row!.n);
}

/**
 * Waits until the inbox holds no unsent payload. A busy machine may take long, so the wait
 * fails only when nothing was sent for 20 s: a stranded payload would wait for the worker's
 * next poll, a minute away, so it still fails here.
 */
async function untilAllSent(what: string): Promise<void> {
  let last = await unsent();
  let lastChange = Date.now();
  while (last > 0) {
    if (Date.now() - lastChange > 20_000) {
      throw new Error(`${last} payloads of ${what} stayed unsent for 20 s with no run sending them`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = await unsent();
    if (now !== last) lastChange = Date.now();
    last = now;
  }
}

test('bursts of instant payloads that end at random moments of a run are all sent, each once, with nothing else happening', async () => {
  const seed = Date.now() % 100_000;
  const next = random(seed);
  const emails: string[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    // 3-30 payloads, some at once and some apart, so the burst's end falls anywhere in
    // a run: before its first read, during its sends, or after its last read.
    const size = 3 + Math.floor(next() * 28);
    const posts: Array<Promise<void>> = [];
    for (let n = 0; n < size; n += 1) {
      const email = `r${round}-p${n}@example.com`;
      emails.push(email);
      posts.push(post(email));
      if (next() < 0.6) await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 40)));
    }
    await Promise.all(posts);

    await untilAllSent(`round ${round} (seed ${seed})`);
  }

  const customers = h.stripe
    .list('customer')
    .map((customer) => String(customer.email))
    .sort();
  expect(customers).toEqual([...emails].sort());
});

test('a payload that commits after a newer one the run already read still gets a run of its own', async () => {
  // Inbox ids are drawn before their rows commit: under concurrent deliveries a payload can
  // become visible behind one a run has already read, and "newer than the last read" misses it.
  await insertDeliveries(h.database.db, connectionId, [{ email: 'late@example.com' }, { email: 'read@example.com' }], 'gap');
  const [late, read] = (await h.database.db('webhook_inbox').where({ connection_id: connectionId }).orderBy('id')) as Array<{
    id: number;
  }>;
  const [run] = (await h.database
    .db('runs')
    .insert({ workspace_id: h.workspaceId, connection_id: connectionId, trigger: 'webhook', status: 'succeeded' })
    .returning('*')) as RunRecord[];

  const followUp = await queueInstantFollowUp(h.database.db, { run: run!, readInboxIds: [read!.id] });
  expect(followUp).toMatchObject({ connection_id: connectionId, trigger: 'webhook', status: 'queued' });
  await h.database.db('runs').where({ id: followUp!.id }).delete();

  // Both read (one left for later, say): nothing new, so no run starts itself again.
  expect(await queueInstantFollowUp(h.database.db, { run: run!, readInboxIds: [late!.id, read!.id] })).toBeNull();
});
