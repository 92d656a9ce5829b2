// bench/engine-ceiling: what worker processes (`npm run worker`, as in production) deliver
// when the destination is not the bottleneck: the Stripe emulator in its own process with
// no latency and no rate limit, each Stripe account's rate set far above what is sent.
// Sheets -> Stripe create-customer (a sheet read from the beginning) and webhook -> Stripe
// create-customer (payloads already in the inbox), with 1, 2 and 4 worker processes against
// one PostgreSQL. Prints items/s, the CPU per item of the workers (from /proc), of
// PostgreSQL, of the Stripe emulator and of this process (the Google emulator), the
// statements and transactions per item (pg_stat_statements), and the scaling ratios, all
// measured in this one run.
//   Targets: >= 1,000 items/s per worker process; >= 1.6x with two workers.
// Settings: BENCH_ITEMS items per phase (default 16,000); BENCH_WORKERS worker counts
// (default "1,2,4"); BENCH_SOURCES (default "sheets,webhook"); BENCH_ON_EXISTING_EMAIL the
// action's option (default "create"); BENCH_PROFILE=<folder> writes each worker's
// --cpu-prof there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { enqueueRuns } from '../engine/runs/repository';
import type { Db } from '../engine/store/db';
import { startGoogleEmulator, type GoogleEmulator } from '../tests/emulators/google';
import { startStripeProcess, type StripeProcess } from '../tests/emulators/stripe/separate-process';
import { ProcessGroup, waitFor, type RoleProcess } from '../tests/integration/multi-process/processes';
import { insertAccount, insertConnection, insertWorkspace } from '../tests/support/fixtures';
import { clientCpuMsPerRequest, report, summarise, type Part, type Phase, type Source } from './ceiling-report';
import { OWN, statsDatabase, type StatsDatabase } from './stats-database';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 16_000);
// 'create' sends one request per item; 'reuse' (the wizard's default) looks the email up
// first, and items with one email take turns.
const ON_EXISTING_EMAIL = process.env.BENCH_ON_EXISTING_EMAIL ?? 'create';
const SOURCES = (process.env.BENCH_SOURCES ?? 'sheets,webhook').split(',') as Source[];
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
// Runs at once: enough for four workers to hold two each (a worker takes up to four).
const CONNECTIONS = 8;
const CLOCK_TICKS = 100; // /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/**
 * User + system CPU of a process so far, in ms; with `reaped`, also that of its children
 * that ended (PostgreSQL backends that closed).
 */
function cpuMs(pid: number, reaped = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const ticks = fields[11]! + fields[12]! + (reaped ? fields[13]! + fields[14]! : 0);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return 0; // ended since
  }
}

/** CPU so far of each part of the machine the benchmark runs, in ms. */
function cpuByPart(args: { workers: RoleProcess[]; stripe: StripeProcess; stats: StatsDatabase }): Record<Part, number> {
  const [postmaster, ...backends] = args.stats.pids();
  const own = process.cpuUsage();
  return {
    workers: args.workers.reduce((sum, worker) => sum + cpuMs(worker.pid), 0),
    postgres: cpuMs(postmaster!, true) + backends.reduce((sum, pid) => sum + cpuMs(pid), 0),
    stripe: cpuMs(args.stripe.pid),
    google: (own.user + own.system) / 1000,
  };
}

async function connections(
  db: Db,
  google: GoogleEmulator,
  source: Source,
  label: string,
  items: number,
): Promise<{ workspaceId: string; ids: string[]; stripeKey: string }> {
  const workspaceId = await insertWorkspace(db, label);
  const stripeKey = `sk_test_ceiling_${label.replace(/[^A-Za-z0-9]/g, '_')}_4242`;
  const stripeAccount = await insertAccount(db, workspaceId, 'stripe', { secretKey: stripeKey, requestsPerSecond: 1_000_000 });
  const serviceAccount = google.createServiceAccount(`ceiling-${label}`);
  const googleAccount = await insertAccount(db, workspaceId, 'google-sheets', {
    serviceAccountKey: JSON.stringify(serviceAccount),
    requestsPerMinute: 100_000,
  });
  const perConnection = Math.ceil(items / CONNECTIONS);
  const ids: string[] = [];
  for (let c = 0; c < CONNECTIONS; c++) {
    const people = Array.from({ length: perConnection }, (_, n) => [`${label}-${c}-${n}@example.com`, `Customer ${c}-${n}`]);
    const destination = {
      destination_connector: 'stripe',
      destination_action: 'create-customer',
      destination_account_id: stripeAccount,
      destination_options: { onExistingEmail: ON_EXISTING_EMAIL },
    };
    if (source === 'sheets') {
      const spreadsheetId = google.createSpreadsheet({
        title: `Leads ${c}`,
        sheets: { Leads: [['Email', 'Name'], ...people] },
        sharedWith: [serviceAccount.client_email],
      });
      ids.push(
        await insertConnection(db, workspaceId, {
          name: `${label} ${c}`,
          source_connector: 'google-sheets',
          source_trigger: 'new-row',
          source_account_id: googleAccount,
          source_options: { spreadsheetId, sheet: 'Leads', keyColumn: 'Email', startFrom: 'beginning' },
          ...destination,
          mapping: { email: '{{Email}}', name: '{{Name}}' },
        }),
      );
    } else {
      const id = await insertConnection(db, workspaceId, {
        name: `${label} ${c}`,
        source_connector: 'webhook',
        source_trigger: 'new-payload',
        ...destination,
        mapping: { email: '{{email}}', name: '{{name}}' },
      });
      ids.push(id);
      const rows = people.map(([email, name], n) => ({
        connection_id: id,
        delivery_key: `d-${n}`,
        payload: JSON.stringify({ email, name }),
      }));
      for (let start = 0; start < rows.length; start += 1000) await db('webhook_inbox').insert(rows.slice(start, start + 1000));
    }
  }
  return { workspaceId, ids, stripeKey };
}

async function phase(
  stats: StatsDatabase,
  google: GoogleEmulator,
  stripe: StripeProcess,
  workers: RoleProcess[],
  source: Source,
  items = ITEMS,
  label = `${source}-${workers.length}w`,
): Promise<Phase> {
  const db = stats.db;
  const { workspaceId, ids } = await connections(db, google, source, label, items);
  await stripe.reset();
  const cpuBefore = cpuByPart({ workers, stripe, stats });
  const before = await stats.snapshot();
  const started = performance.now();
  await enqueueRuns(
    db,
    ids.map((connectionId) => ({ workspaceId, connectionId, trigger: 'manual' as const })),
  );
  await waitFor(
    `${label}: every run to finish`,
    async () => {
      const result = await db.raw<{ rows: Array<{ n: string }> }>(
        `${OWN} select count(*) as n from runs where connection_id = any(?) and finished_at is not null`,
        [ids],
      );
      return Number(result.rows[0]!.n) === ids.length ? true : undefined;
    },
    30 * 60_000,
    100,
  );
  const seconds = (performance.now() - started) / 1000;
  const after = await stats.snapshot();
  const cpuAfter = cpuByPart({ workers, stripe, stats });
  const [sent] = (await db('ledger').whereIn('connection_id', ids).count({ n: '*' })) as Array<{ n: string }>;
  const delivered = Number(sent!.n);
  const [failedRow] = (await db('run_items')
    .whereIn('connection_id', ids)
    .whereNot({ status: 'sent' })
    .count({ n: '*' })) as Array<{ n: string }>;
  return {
    source,
    workers: workers.length,
    items: delivered,
    seconds,
    itemsPerSecond: delivered / seconds,
    cpuMsPerItem: (cpuAfter.workers - cpuBefore.workers) / Math.max(1, delivered),
    cpuPerItem: Object.fromEntries(
      (Object.keys(cpuAfter) as Part[]).map((part) => [part, (cpuAfter[part] - cpuBefore[part]) / Math.max(1, delivered)]),
    ) as Record<Part, number>,
    statementsPerItem: (after.statements - before.statements) / Math.max(1, delivered),
    transactionsPerItem: (after.transactions - before.transactions) / Math.max(1, delivered),
    failed: Number(failedRow!.n),
    errors: (await db('run_items')
      .whereIn('connection_id', ids)
      .whereNot({ status: 'sent' })
      .limit(2)
      .select('error')) as unknown[],
    topStatements: stats.top(before, after, 5),
  };
}

async function main(): Promise<boolean> {
  const profileDir = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const stats = await statsDatabase();
  const stripe = await startStripeProcess({ latencyMs: 0 });
  const google = await startGoogleEmulator();
  console.log(
    `bench/engine-ceiling: ${ITEMS.toLocaleString('en')} items per phase over ${CONNECTIONS} connections, ` +
      `create-customer with onExistingEmail "${ON_EXISTING_EMAIL}", ` +
      `Stripe emulator (own process, no latency, no rate limit), on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, ` +
      `Node ${process.versions.node}; the emulators, PostgreSQL and the workers share these cores.`,
  );
  // The official Stripe client's own CPU per request, measured in this process first.
  const clientMs = await clientCpuMsPerRequest(stripe.url);
  const results: Phase[] = [];
  try {
    for (const count of WORKER_COUNTS) {
      const processes = new ProcessGroup({
        databaseUrl: stats.url,
        stripeApiBase: stripe.url,
        extra: {
          GOOGLE_API_BASE: google.url,
          ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
        },
      });
      try {
        const workers: RoleProcess[] = [];
        // One after another: start-up migrates the database, which one process does at a time.
        for (let i = 0; i < count; i++) workers.push(await processes.start('worker'));
        // Unmeasured: each worker loads the Google and Stripe clients on first use.
        for (const source of SOURCES) await phase(stats, google, stripe, workers, source, 40 * count, `warm-${source}-${count}`);
        for (const source of SOURCES) {
          const result = await phase(stats, google, stripe, workers, source);
          results.push(result);
          report(result);
        }
        if (profileDir) {
          // A profile is written when the process exits on its own.
          for (const worker of workers) worker.signal('SIGTERM');
          await Promise.all(workers.map((worker) => worker.exited));
        }
      } finally {
        await processes.stopAll();
      }
    }
    const ok = summarise(results, WORKER_COUNTS, clientMs);
    return ok;
  } finally {
    await google.close();
    await stripe.close();
    await stats.stop();
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
