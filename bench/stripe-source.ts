// bench/stripe-source: a first read of a big Stripe list by the Stripe source (`new-object`,
// startFrom "beginning"), against the Stripe emulator in a process of its own. For 10,000
// and 50,000 charges (BENCH_OBJECTS=10000,100000 to choose) it prints the time, objects/s,
// Stripe requests (pages of 100) and the reader's peak heap and RSS growth. Target: memory
// bounded by one page, i.e. about the same peak for 50,000 objects as for 10,000.
import { newObject } from '../connectors/stripe/triggers/new-object';
import type { ConnectorContext, SourceBatch } from '../connectors/sdk';
import { startStripeProcess } from '../tests/emulators/stripe/separate-process';

const SIZES = (process.env.BENCH_OBJECTS ?? '10000,50000').split(',').map(Number);
const SEED_CHUNK = 5000;
const MB = 1024 * 1024;

async function seed(url: string, count: number): Promise<void> {
  for (let made = 0; made < count; made += SEED_CHUNK) {
    const response = await fetch(`${url}/_emulator/objects`, {
      method: 'POST',
      body: JSON.stringify({
        kind: 'charge',
        count: Math.min(SEED_CHUNK, count - made),
        fields: { amount: 1250, currency: 'usd' },
      }),
    });
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  }
}

async function readAll(context: ConnectorContext) {
  const credentials = { secretKey: 'sk_test_bench_stripe_source' };
  const options = { object: 'charges', startFrom: 'beginning' as const };
  const cursor = await newObject.startCursor({ credentials, options, from: 'beginning', context });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  let peakHeap = heapBefore;
  let peakRss = rssBefore;
  let items = 0;
  let last: SourceBatch | undefined;
  const started = performance.now();
  for await (const batch of newObject.read({ credentials, options, cursor, context })) {
    items += batch.items.length;
    last = batch;
    const memory = process.memoryUsage();
    peakHeap = Math.max(peakHeap, memory.heapUsed);
    peakRss = Math.max(peakRss, memory.rss);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    items,
    seconds,
    peakHeapMb: (peakHeap - heapBefore) / MB,
    peakRssMb: (peakRss - rssBefore) / MB,
    cursor: last?.cursor,
  };
}

async function main(): Promise<void> {
  console.log('objects | time s | objects/s | Stripe requests | peak heap growth MB | peak RSS growth MB');
  for (const size of SIZES) {
    const stripe = await startStripeProcess();
    try {
      await seed(stripe.url, size);
      const before = (await stripe.requests()).length;
      const result = await readAll({ stripeApiBase: stripe.url, googleApiBase: null, timezone: 'UTC' });
      const requests = (await stripe.requests()).length - before;
      if (result.items !== size) throw new Error(`read ${result.items} of ${size} objects`);
      console.log(
        `${size} | ${result.seconds.toFixed(1)} | ${Math.round(size / result.seconds)} | ${requests} | ${result.peakHeapMb.toFixed(1)} | ${result.peakRssMb.toFixed(1)}`,
      );
    } finally {
      await stripe.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
