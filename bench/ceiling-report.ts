// bench/engine-ceiling's figures: one line per phase, then per source what one worker
// delivers, what its CPU would allow on a core of its own, what this machine's cores allow
// for every part together, and how the measured rate scaled with more workers.
import os from 'node:os';
import Stripe from 'stripe';
import { STRIPE_API_VERSION } from '../connectors/stripe/client';

export const TARGET = { perWorker: 1000, twoWorkers: 1.6 };

export type Source = 'sheets' | 'webhook';
/** Where CPU goes: the workers, PostgreSQL, the Stripe emulator, the bench process (the Google emulator). */
export type Part = 'workers' | 'postgres' | 'stripe' | 'google';

export interface Phase {
  source: Source;
  workers: number;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  cpuMsPerItem: number;
  /** CPU ms per item of every part, the workers included. */
  cpuPerItem: Record<Part, number>;
  statementsPerItem: number;
  transactionsPerItem: number;
  failed: number;
  errors: unknown[];
  topStatements: Array<{ calls: number; ms: number; query: string }>;
}

/**
 * CPU of this process per create-customer sent with the official client alone (50 at
 * once): the part of a worker's CPU per item that is Stripe's client and Node's HTTP.
 */
export async function clientCpuMsPerRequest(stripeUrl: string, requests = 2000): Promise<number> {
  const url = new URL(stripeUrl);
  const client = new Stripe('sk_test_ceiling_client_4242', {
    apiVersion: STRIPE_API_VERSION,
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
  let best = Infinity;
  for (let round = 0; round < 2; round++) {
    const started = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < requests) {
          const n = next++;
          await client.customers.create(
            { email: `c${round}-${n}@example.com`, name: 'Client' },
            { idempotencyKey: `c${round}-${n}` },
          );
        }
      }),
    );
    const used = process.cpuUsage(started);
    // The first round also warms the client up; the lower figure is the client's cost.
    best = Math.min(best, (used.user + used.system) / 1000 / requests);
  }
  return best;
}

export function report(result: Phase): void {
  const parts = (Object.entries(result.cpuPerItem) as Array<[Part, number]>).map(([part, ms]) => `${part} ${ms.toFixed(3)}`);
  console.log(
    `  ${result.source.padEnd(7)} ${result.workers} worker${result.workers > 1 ? 's' : ' '}: ${result.items} items in ` +
      `${result.seconds.toFixed(1)} s = ${Math.round(result.itemsPerSecond)} items/s; ` +
      `CPU ms per item: ${parts.join(', ')}; ` +
      `${result.statementsPerItem.toFixed(3)} statements and ${result.transactionsPerItem.toFixed(4)} transactions per item` +
      (result.failed > 0 ? `, ${result.failed} NOT SENT: ${JSON.stringify(result.errors)}` : ''),
  );
}

/** Prints the per-source verdicts; true when every target was met. */
export function summarise(results: Phase[], workerCounts: number[], clientMs: number): boolean {
  const cores = os.cpus().length;
  const find = (source: Source, workers: number) =>
    results.find((result) => result.source === source && result.workers === workers);
  console.log(`  The official Stripe client alone: ${clientMs.toFixed(3)} CPU ms per request.`);
  let ok = true;
  for (const source of ['sheets', 'webhook'] as const) {
    const one = find(source, 1);
    if (!one) continue;
    const met = one.itemsPerSecond >= TARGET.perWorker && one.failed === 0;
    ok &&= met;
    const allParts = Object.values(one.cpuPerItem).reduce((sum, ms) => sum + ms, 0);
    console.log(
      `  ${source}: one worker ${Math.round(one.itemsPerSecond)} items/s measured (target >= ${TARGET.perWorker}: ` +
        `${met ? 'met' : 'NOT met'}). Its CPU per item, ${one.cpuMsPerItem.toFixed(3)} ms (of which the Stripe client ` +
        `${clientMs.toFixed(3)}, the engine ${(one.cpuMsPerItem - clientMs).toFixed(3)}), allows ` +
        `${Math.round(1000 / one.cpuMsPerItem)} items/s on a core of its own; every part together uses ` +
        `${allParts.toFixed(3)} CPU ms per item, so this machine's ${cores} cores carry at most ` +
        `${Math.round((cores * 1000) / allParts)} items/s whatever the number of workers.`,
    );
    const ratios = workerCounts
      .filter((count) => count > 1 && find(source, count))
      .map((count) => `${count} workers ${(find(source, count)!.itemsPerSecond / one.itemsPerSecond).toFixed(2)}x`);
    const two = find(source, 2);
    if (two) {
      const twoMet = two.itemsPerSecond / one.itemsPerSecond >= TARGET.twoWorkers && two.failed === 0;
      ok &&= twoMet;
      console.log(`    scaling: ${ratios.join(', ')} (target 2 workers >= ${TARGET.twoWorkers}x: ${twoMet ? 'met' : 'NOT met'})`);
    }
    console.log(`    PostgreSQL's costliest statements with one worker (calls and execution ms per item):`);
    for (const statement of one.topStatements) {
      const perItem = (value: number) => (value / Math.max(1, one.items)).toFixed(3);
      console.log(`      ${perItem(statement.calls)} calls ${perItem(statement.ms)} ms  ${statement.query}`);
    }
  }
  return ok;
}
