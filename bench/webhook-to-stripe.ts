// bench/webhook-to-stripe: ingest-to-Stripe throughput of the product (`npm start` in a
// process of its own) for an instant webhook -> Stripe create-customer connection: 1,000
// payloads posted by 20 concurrent senders, once per hook delivery limit. The Stripe
// account may send 1,000 requests/s and the emulator answers at once, so the hook's limit
// and the engine are what is measured. Prints accepted/s, 429s, and the time until every
// accepted payload is a customer in Stripe. Target: with the limit raised, no 429 at all
// and every accepted payload a customer, exactly once.
import autocannon from 'autocannon';
import type { StripeProcess } from '../tests/emulators/stripe/separate-process';
import { benchSecretKey, hookConnection, withHookProduct, type HookBench, type HookLimit } from './hook-product';
import { runBench } from './support';

const PAYLOADS = Number(process.env.BENCH_PAYLOADS ?? 1000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 20);

const LIMITS: HookLimit[] = [
  // Not reported: the product's first deliveries compile and connect what later ones reuse.
  { label: 'warm-up', deliveriesPerSecond: 5000, deliveryBurst: 10000 },
  { label: 'before (hard-coded 100/s, burst 200)', deliveriesPerSecond: 100, deliveryBurst: 200 },
  { label: 'default (200/s, burst 1,000)', deliveriesPerSecond: 200, deliveryBurst: 1000 },
  { label: 'raised (5,000/s, burst 10,000)', deliveriesPerSecond: 5000, deliveryBurst: 10000 },
];

async function customersOf(stripe: StripeProcess, index: number): Promise<number> {
  const requests = await stripe.requests();
  return requests.filter(
    (request) =>
      request.apiKey === benchSecretKey(index) &&
      request.method === 'POST' &&
      request.path === '/v1/customers' &&
      request.status === 200 &&
      !request.replayed,
  ).length;
}

async function main({ db, stripe, productUrl }: HookBench): Promise<boolean> {
  let ok = true;
  console.log(
    `bench/webhook-to-stripe: ${PAYLOADS} payloads from ${SENDERS} concurrent senders -> instant connection -> Stripe create-customer (account at 1,000 requests/s, no Stripe latency)`,
  );
  for (const [index, limit] of LIMITS.entries()) {
    const token = await hookConnection(db, index, limit);
    const started = performance.now();
    const result = await autocannon({
      url: `${productUrl}/hooks/${token}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'buyer-[<id>]@example.com', name: 'Buyer [<id>]' }),
      idReplacement: true,
      connections: SENDERS,
      amount: PAYLOADS,
    });
    const ingestSeconds = (performance.now() - started) / 1000;
    const accepted = result['2xx'];
    let customers: number;
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
}

runBench(() => withHookProduct(main));
