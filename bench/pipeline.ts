import { connectors } from '../connectors';
import { enqueueRun, getRun } from '../engine/runs/repository';
import { KeyLocks } from '../engine/runner/key-locks';
import type { RunnerDeps } from '../engine/runner/run-connection';
import { SessionLocks } from '../engine/store/session-locks';
import { createWorker } from '../engine/worker/worker';
import { insertAccount, insertConnection, insertWorkspace, TEST_SECRET_KEY } from '../tests/support/fixtures';
import { startGoogleEmulator } from '../tests/emulators/google';
import { startStripeEmulator } from '../tests/emulators/stripe';
import { benchDatabase, rssSampler } from './support';

// bench/pipeline: Sheet rows -> create-customer through the real engine, the real
// googleapis and stripe clients, against emulators with Stripe-like latency and limits.
// The mapping uses a JSONata expression, so the cost of the expression sandbox is included.
// Prints throughput as a share of the rate limit, the speed-up over one request in
// flight, duplicates, failures and peak memory. Targets: >= 90 % of the limit, >= 8x.
const ROWS = Number(process.env.BENCH_ROWS ?? 5000);
const BASELINE_ROWS = Number(process.env.BENCH_BASELINE_ROWS ?? 300);
const LATENCY_MS = 100;
const LIMIT_PER_SECOND = 100;
// One JSONata expression, so every item also goes through the expression sandbox's processes.
// Plain {{Field}} templates (no sandbox) on as many rows give the ratio within one run; the
// halves run expression, plain, plain, expression, so a machine getting busier or quieter
// during the run (shared machines do) favours neither.
const MAPPING = { email: '{{Email}}', name: '{{ `First name` & " " & `Last name` }}' };
const PLAIN_MAPPING = { email: '{{Email}}', name: '{{First name}} {{Last name}}' };

async function main(): Promise<void> {
  const database = await benchDatabase();
  const stripe = await startStripeEmulator({ latencyMs: LATENCY_MS, rateLimitPerSecond: LIMIT_PER_SECOND });
  const google = await startGoogleEmulator();
  const key = google.createServiceAccount('bench');
  const workspaceId = await insertWorkspace(database.db);
  const sheetAccount = await insertAccount(database.db, workspaceId, 'google-sheets', {
    serviceAccountKey: key as unknown as Record<string, unknown>,
  });
  const stripeAccount = await insertAccount(database.db, workspaceId, 'stripe', {
    secretKey: 'sk_test_bench_4242',
    requestsPerSecond: LIMIT_PER_SECOND,
  });
  const rss = rssSampler();
  const locks = new KeyLocks(SessionLocks.forDatabase(database.db));

  async function measure(label: string, rows: number, concurrency: number, mapping: Record<string, string> = MAPPING) {
    const header = ['Email', 'First name', 'Last name'];
    const data = Array.from({ length: rows }, (_, i) => [`${label}-${i}@example.com`, `First${i}`, `Last${i}`]);
    const spreadsheetId = google.createSpreadsheet({ title: label, sheets: { Leads: [header, ...data] } });
    google.grantAccess(spreadsheetId, key.client_email);
    const connectionId = await insertConnection(database.db, workspaceId, {
      name: label,
      source_connector: 'google-sheets',
      source_trigger: 'new-row',
      source_account_id: sheetAccount,
      source_options: { spreadsheetId, sheet: 'Leads', startFrom: 'beginning' },
      destination_connector: 'stripe',
      destination_action: 'create-customer',
      destination_account_id: stripeAccount,
      destination_options: { onExistingEmail: 'create' },
      mapping,
    });
    const deps: RunnerDeps = {
      db: database.db,
      registry: connectors,
      context: { stripeApiBase: stripe.url, googleApiBase: google.url },
      secretKey: TEST_SECRET_KEY,
      locks,
      concurrency,
    };
    const run = await enqueueRun(database.db, { workspaceId, connectionId, trigger: 'manual' });
    const started = performance.now();
    await createWorker(deps).drain();
    const seconds = (performance.now() - started) / 1000;
    const finished = (await getRun(database.db, run!.id))!;
    return { seconds, itemsPerSecond: finished.items_sent / seconds, run: finished };
  }
  type Measured = Awaited<ReturnType<typeof measure>>;
  const combined = (a: Measured, b: Measured) => {
    const seconds = a.seconds + b.seconds;
    const sent = a.run.items_sent + b.run.items_sent;
    const failed = a.run.items_failed + b.run.items_failed;
    const statuses = [...new Set([a.run.status, b.run.status])].join('/');
    return { seconds, itemsPerSecond: sent / seconds, sent, failed, statuses };
  };

  const half = Math.ceil(ROWS / 2);
  const halves = [
    await measure('full-1', half, 25),
    await measure('plain-1', half, 25, PLAIN_MAPPING),
    await measure('plain-2', half, 25, PLAIN_MAPPING),
    await measure('full-2', half, 25),
  ];
  const full = combined(halves[0]!, halves[3]!);
  const plain = combined(halves[1]!, halves[2]!);
  const baseline = await measure('baseline', BASELINE_ROWS, 1);
  rss.stop();

  const emails = stripe.list('customer').map((customer) => String(customer.email));
  const duplicates = emails.length - new Set(emails).size;
  const rateLimited = stripe.requests.filter((request) => request.status === 429).length;
  console.log(
    `bench/pipeline: ${ROWS} rows -> Stripe create-customer, ${LATENCY_MS} ms latency, ${LIMIT_PER_SECOND} requests/s limit`,
  );
  console.log(`  mapping:              ${JSON.stringify(MAPPING)}`);
  console.log(
    `  items/s:              ${full.itemsPerSecond.toFixed(1)} (${((full.itemsPerSecond / LIMIT_PER_SECOND) * 100).toFixed(1)} % of the limit; target >= 90 %)`,
  );
  console.log(
    `  plain {{Field}}:      ${plain.itemsPerSecond.toFixed(1)} items/s (the expression costs ${((1 - full.itemsPerSecond / plain.itemsPerSecond) * 100).toFixed(1)} % of that)`,
  );
  console.log(`  one in flight:        ${baseline.itemsPerSecond.toFixed(1)} items/s over ${BASELINE_ROWS} rows`);
  console.log(`  speed-up:             ${(full.itemsPerSecond / baseline.itemsPerSecond).toFixed(1)}x (target >= 8x)`);
  console.log(
    `  run time:             ${full.seconds.toFixed(1)} s, status ${full.statuses}, sent ${full.sent}, failed ${full.failed + plain.failed + baseline.run.items_failed}`,
  );
  console.log(`  duplicates in Stripe: ${duplicates} (customers ${emails.length}, expected ${4 * half + BASELINE_ROWS})`);
  console.log(`  429s answered:        ${rateLimited}`);
  console.log(`  peak RSS:             ${rss.peak()} MB (engine, both emulators and their data in one process)`);

  await stripe.close();
  await google.close();
  await locks.session.close();
  await database.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
