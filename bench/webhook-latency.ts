// bench/webhook-latency: in instant mode, the time from a webhook POST leaving the sender
// to the Stripe request it causes arriving at the emulator (which answers at once, in a
// process of its own that stamps each request on arrival), at a steady 1 and 50 deliveries
// per second. The product runs as `npm start` does, in its own process. Prints p50, p99 and
// max per rate and whether the targets are met: p50 < 50 ms and p99 < 250 ms, with the
// machine's load average at the start and after each rate (latency on a shared machine follows its load).
import os from 'node:os';
import { benchSecretKey, hookConnection, withHookProduct, type HookBench } from './hook-product';
import { percentile, runBench } from './support';

const SCENARIOS = [
  { perSecond: 1, deliveries: Number(process.env.BENCH_SLOW_DELIVERIES ?? 60) },
  { perSecond: 50, deliveries: Number(process.env.BENCH_FAST_DELIVERIES ?? 1000) },
];
const WARM_UP = 30;
const TARGET_P50_MS = 50;
const TARGET_P99_MS = 250;
// Far above either rate: the hook's own limit must not be what is measured.
const LIMIT = { label: 'latency', deliveriesPerSecond: 1000, deliveryBurst: 2000 };

/** The 1-minute load average and the cores it is shared by, e.g. "1.20 on 2 cores". */
const load = () => `${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} cores`;

const emailOf = (scenario: number, index: number) => `latency-${scenario}-${index}@example.com`;

/** Posts `count` payloads at a steady pace (not waiting for answers); returns each one's send time. */
async function postAtPace(hookUrl: string, scenario: number, count: number, perSecond: number): Promise<number[]> {
  const sentAt: number[] = [];
  const answers: Array<Promise<void>> = [];
  const start = performance.now();
  for (let index = 0; index < count; index += 1) {
    const wait = start + (index * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt.push(Date.now());
    answers.push(
      fetch(hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: emailOf(scenario, index), name: `Buyer ${index}` }),
      }).then(async (response) => {
        if (response.status !== 200) throw new Error(`the hook answered ${response.status}: ${await response.text()}`);
      }),
    );
  }
  await Promise.all(answers);
  return sentAt;
}

async function main({ db, stripe, productUrl }: HookBench): Promise<boolean> {
  let ok = true;
  console.log('bench/webhook-latency: webhook POST -> Stripe create-customer request, instant mode, emulator with no latency');
  console.log(`  load average at the start: ${load()}`);
  const warmUp = await hookConnection(db, 100, LIMIT);
  await postAtPace(`${productUrl}/hooks/${warmUp}`, 100, WARM_UP, 20);
  for (const [scenario, { perSecond, deliveries }] of SCENARIOS.entries()) {
    const token = await hookConnection(db, scenario, LIMIT);
    const sentAt = await postAtPace(`${productUrl}/hooks/${token}`, scenario, deliveries, perSecond);
    const arrivedAt = new Map<string, number>();
    const deadline = Date.now() + 120_000;
    while (arrivedAt.size < deliveries && Date.now() < deadline) {
      for (const request of await stripe.requests()) {
        const email = request.params.email;
        if (request.apiKey !== benchSecretKey(scenario) || request.path !== '/v1/customers' || typeof email !== 'string')
          continue;
        if (!arrivedAt.has(email)) arrivedAt.set(email, request.time);
      }
      if (arrivedAt.size < deliveries) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const latencies = sentAt
      .map((sent, index) => (arrivedAt.get(emailOf(scenario, index)) ?? NaN) - sent)
      .filter((latency) => Number.isFinite(latency))
      .sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const met = latencies.length === deliveries && p50 < TARGET_P50_MS && p99 < TARGET_P99_MS;
    if (!met) ok = false;
    console.log(
      `  ${perSecond} deliveries/s, ${latencies.length} of ${deliveries} reached Stripe: p50 ${p50} ms, p99 ${p99} ms, max ${latencies.at(-1)} ms -> ${met ? 'met' : 'MISSED'} (load average ${load()})`,
    );
  }
  console.log(`  target (p50 < ${TARGET_P50_MS} ms, p99 < ${TARGET_P99_MS} ms at both rates): ${ok ? 'met' : 'MISSED'}`);
  return ok;
}

runBench(() => withHookProduct(main));
