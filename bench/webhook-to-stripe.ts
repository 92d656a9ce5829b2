// bench/webhook-to-stripe: ingest-to-Stripe throughput of the product (`npm start` in a
// process of its own) for an instant webhook -> Stripe create-customer connection: 1,000
// payloads posted by 20 concurrent senders, once per hook delivery limit. The Stripe
// account may send 1,000 requests/s and the emulator answers at once, so the hook's limit
// and the engine are what is measured. Prints accepted/s, 429s, and the time until every
// accepted payload is a customer in Stripe. Target: with the limit raised, no 429 at all
// and every accepted payload a customer, exactly once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Db } from '../engine/store/db';
import { newWebhookToken } from '../engine/webhooks';
import { startStripeProcess, type StripeProcess } from '../tests/emulators/stripe/separate-process';
import { insertAccount, insertWorkspace, TEST_SECRET_KEY } from '../tests/support/fixtures';
import { benchDatabase } from './support';

const PAYLOADS = Number(process.env.BENCH_PAYLOADS ?? 1000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 20);
const ROOT = path.resolve(__dirname, '..');

const LIMITS = [
  // Not reported: the product's first deliveries compile and connect what later ones reuse.
  { label: 'warm-up', deliveriesPerSecond: 5000, deliveryBurst: 10000 },
  { label: 'before (hard-coded 100/s, burst 200)', deliveriesPerSecond: 100, deliveryBurst: 200 },
  { label: 'default (200/s, burst 1,000)', deliveriesPerSecond: 200, deliveryBurst: 1000 },
  { label: 'raised (5,000/s, burst 10,000)', deliveriesPerSecond: 5000, deliveryBurst: 10000 },
];

/** The product as `npm start` runs it: API, /hooks, scheduler and a worker in one process. */
async function startProduct(databaseUrl: string, stripeApiBase: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['--import', 'tsx', 'ui-api/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      TRIBUTARY_SECRET_KEY: TEST_SECRET_KEY.toString('hex'),
      STRIPE_API_BASE: stripeApiBase,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Tributary is running at (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`The product exited (${code}) during start-up:\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function hookConnection(db: Db, index: number, limit: (typeof LIMITS)[number]): Promise<string> {
  const workspaceId = await insertWorkspace(db, `Bench ${index}`);
  // An account of its own per scenario: each starts with a full budget.
  const accountId = await insertAccount(db, workspaceId, 'stripe', {
    secretKey: `sk_test_bench_hook_${index}_4242`,
    requestsPerSecond: 1000,
  });
  const token = newWebhookToken();
  await db('connections').insert({
    workspace_id: workspaceId,
    name: `Shop orders -> Stripe customers (${limit.label})`,
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    source_options: JSON.stringify({
      instant: true,
      deliveriesPerSecond: limit.deliveriesPerSecond,
      deliveryBurst: limit.deliveryBurst,
    }),
    destination_connector: 'stripe',
    destination_action: 'create-customer',
    destination_account_id: accountId,
    destination_options: JSON.stringify({ onExistingEmail: 'create' }),
    mapping: JSON.stringify({ email: '{{email}}', name: '{{name}}' }),
    schedule: JSON.stringify({ type: 'interval', minutes: 60 }),
    enabled: true,
    webhook_token: token,
  });
  return token;
}

async function customersOf(stripe: StripeProcess, index: number): Promise<number> {
  const requests = await stripe.requests();
  return requests.filter(
    (request) =>
      request.apiKey === `sk_test_bench_hook_${index}_4242` &&
      request.method === 'POST' &&
      request.path === '/v1/customers' &&
      request.status === 200 &&
      !request.replayed,
  ).length;
}

async function main(): Promise<boolean> {
  const database = await benchDatabase();
  const stripe = await startStripeProcess();
  const product = await startProduct(database.url, stripe.url);
  let ok = true;
  try {
    console.log(
      `bench/webhook-to-stripe: ${PAYLOADS} payloads from ${SENDERS} concurrent senders -> instant connection -> Stripe create-customer (account at 1,000 requests/s, no Stripe latency)`,
    );
    for (const [index, limit] of LIMITS.entries()) {
      const token = await hookConnection(database.db, index, limit);
      const started = performance.now();
      const result = await autocannon({
        url: `${product.url}/hooks/${token}`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'buyer-[<id>]@example.com', name: 'Buyer [<id>]' }),
        idReplacement: true,
        connections: SENDERS,
        amount: PAYLOADS,
      });
      const ingestSeconds = (performance.now() - started) / 1000;
      const accepted = result['2xx'];
      let customers = 0;
      const deadline = performance.now() + 120_000;
      while ((customers = await customersOf(stripe, index)) < accepted && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const allInSeconds = (performance.now() - started) / 1000;
      const throttled = result.non2xx;
      if (limit.label === 'warm-up') continue;
      console.log(`  ${limit.label}:`);
      console.log(
        `    accepted ${accepted} in ${ingestSeconds.toFixed(1)} s (${(accepted / ingestSeconds).toFixed(0)}/s), answered 429: ${throttled}, p99 ${result.latency.p99} ms`,
      );
      console.log(
        `    ${customers} of ${accepted} accepted payloads were customers in Stripe ${allInSeconds.toFixed(1)} s after the first POST: ${(customers / allInSeconds).toFixed(0)} items/s ingest-to-Stripe`,
      );
      if (customers !== accepted) ok = false;
      if (index === LIMITS.length - 1 && throttled > 0) ok = false;
    }
    console.log(`  target (raised limit: 0 answered 429; every accepted payload a customer, once): ${ok ? 'met' : 'MISSED'}`);
    return ok;
  } finally {
    await product.stop();
    await stripe.close();
    await database.stop();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
