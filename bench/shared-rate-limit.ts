// bench/shared-rate-limit: 4 worker processes (`npm run worker`, as in production) share
// Stripe accounts' rate limits through PostgreSQL. Webhook payloads already in the inbox
// -> Stripe create-customer, against the Stripe emulator with 100 ms latency and Stripe's
// own 429 above 100 requests/s per key.
//   1 account at 100/s, 5,000 items: aggregate >= 90 % of the limit, 0 answers 429.
//   4 accounts at 100/s each, 5,000 items each: >= 3.5x the one-account rate.
// BENCH_ITEMS sets the items per account; BENCH_WORKERS the worker processes.
import { enqueueRuns } from '../engine/runs/repository';
import type { Db } from '../engine/store/db';
import { startStripeProcess, type StripeProcess } from '../tests/emulators/stripe/separate-process';
import { ProcessGroup, waitFor } from '../tests/integration/multi-process/processes';
import { insertAccount, insertConnection, insertWorkspace } from '../tests/support/fixtures';
import { peakPerSecond } from '../tests/support/request-windows';
import { benchDatabase } from './support';

const ITEMS_PER_ACCOUNT = Number(process.env.BENCH_ITEMS ?? 5000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const LIMIT_PER_SECOND = 100;
const LATENCY_MS = 100;
// Four runs per account and worker: every worker has runs of every account at once.
const CONNECTIONS_PER_ACCOUNT = WORKERS;
const TARGET = { shareOfLimit: 0.9, fourAccountsSpeedUp: 3.5 };

interface Phase {
  accounts: number;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  throttled: number;
  peakPerSecond: number;
  budgetStatements: number;
  requests: number;
}

async function budgetStatements(db: Db): Promise<number> {
  // Every lease is one insert or update of a rate_budgets row.
  await db.raw('select pg_stat_force_next_flush()');
  const result = await db.raw<{ rows: Array<{ n: string | null }> }>(
    "select n_tup_ins + n_tup_upd as n from pg_stat_user_tables where relname = 'rate_budgets'",
  );
  return Number(result.rows[0]?.n ?? 0);
}

async function phase(db: Db, stripe: StripeProcess, label: string, accounts: number): Promise<Phase> {
  const workspaceId = await insertWorkspace(db, label);
  const keys: string[] = [];
  const connectionIds: string[] = [];
  for (let a = 0; a < accounts; a++) {
    const key = `sk_test_bench_${label}_${a}_4242`;
    keys.push(key);
    const accountId = await insertAccount(db, workspaceId, 'stripe', { secretKey: key, requestsPerSecond: LIMIT_PER_SECOND });
    for (let c = 0; c < CONNECTIONS_PER_ACCOUNT; c++) {
      const connectionId = await insertConnection(db, workspaceId, {
        name: `${label} account ${a} connection ${c}`,
        source_connector: 'webhook',
        source_trigger: 'new-payload',
        destination_connector: 'stripe',
        destination_action: 'create-customer',
        destination_account_id: accountId,
        destination_options: { onExistingEmail: 'create' },
        mapping: { email: '{{email}}', name: '{{name}}' },
      });
      connectionIds.push(connectionId);
      const count = Math.ceil(ITEMS_PER_ACCOUNT / CONNECTIONS_PER_ACCOUNT);
      const rows = Array.from({ length: count }, (_, n) => ({
        connection_id: connectionId,
        delivery_key: `d-${n}`,
        payload: JSON.stringify({ email: `${label}-${a}-${c}-${n}@example.com`, name: `Customer ${n}` }),
      }));
      for (let start = 0; start < rows.length; start += 1000) await db('webhook_inbox').insert(rows.slice(start, start + 1000));
    }
  }
  const statementsBefore = await budgetStatements(db);
  const requestsBefore = (await stripe.requests()).length;
  await enqueueRuns(
    db,
    connectionIds.map((connectionId) => ({ workspaceId, connectionId, trigger: 'manual' as const })),
  );
  await waitFor(
    `${label}: every run to finish`,
    async () => {
      const [row] = (await db('runs')
        .whereIn('connection_id', connectionIds)
        .whereNotNull('finished_at')
        .count({ n: '*' })) as Array<{
        n: string;
      }>;
      return Number(row!.n) === connectionIds.length ? true : undefined;
    },
    30 * 60_000,
    250,
  );
  const sent = (await stripe.requests()).slice(requestsBefore).filter((request) => keys.includes(request.apiKey ?? ''));
  const created = sent.filter((request) => request.status === 200);
  const seconds = (sent[sent.length - 1]!.time - sent[0]!.time) / 1000;
  const peaks = keys.map((key) => peakPerSecond(sent.filter((request) => request.apiKey === key).map((r) => r.time)));
  const failed = await db('runs').whereIn('connection_id', connectionIds).whereNot({ status: 'succeeded' }).count({ n: '*' });
  if (Number((failed[0] as { n: string }).n) > 0) console.log(`  (${label}: some runs did not succeed)`);
  return {
    accounts,
    items: created.length,
    seconds,
    itemsPerSecond: created.length / seconds,
    throttled: sent.filter((request) => request.status === 429).length,
    peakPerSecond: Math.max(...peaks),
    budgetStatements: (await budgetStatements(db)) - statementsBefore,
    requests: sent.length,
  };
}

function report(result: Phase): void {
  const perAccount = result.itemsPerSecond / result.accounts;
  console.log(
    `  ${result.accounts} account${result.accounts > 1 ? 's' : ' '}: ${result.items} items in ${result.seconds.toFixed(1)} s = ${result.itemsPerSecond.toFixed(1)} items/s ` +
      `(${((perAccount / LIMIT_PER_SECOND) * 100).toFixed(1)} % of each account's limit), 429s ${result.throttled}, ` +
      `busiest second of one account ${result.peakPerSecond}, budget statements ${result.budgetStatements} ` +
      `(${(result.budgetStatements / result.requests).toFixed(3)} per request)`,
  );
}

async function main(): Promise<boolean> {
  const database = await benchDatabase();
  // In a process of its own, so its log shows when requests arrived, not when this busy
  // process got round to them.
  const stripe = await startStripeProcess({ latencyMs: LATENCY_MS, rateLimitPerSecond: LIMIT_PER_SECOND });
  const processes = new ProcessGroup({ databaseUrl: database.url, stripeApiBase: stripe.url });
  try {
    // One after another: start-up migrates the database, which one process does at a time.
    for (let i = 0; i < WORKERS; i++) await processes.start('worker');
    console.log(
      `bench/shared-rate-limit: ${WORKERS} worker processes, webhook inbox -> Stripe create-customer, ` +
        `${LATENCY_MS} ms latency, Stripe answers 429 above ${LIMIT_PER_SECOND} requests/s per account`,
    );
    const one = await phase(database.db, stripe, 'one', 1);
    report(one);
    const four = await phase(database.db, stripe, 'four', 4);
    report(four);

    const share = one.itemsPerSecond / LIMIT_PER_SECOND;
    const speedUp = four.itemsPerSecond / one.itemsPerSecond;
    const metShare = share >= TARGET.shareOfLimit && one.throttled === 0;
    const metSpeedUp = speedUp >= TARGET.fourAccountsSpeedUp && four.throttled === 0;
    console.log(
      `  one account: ${(share * 100).toFixed(1)} % of the limit, ${one.throttled} answered 429 ` +
        `(target >= ${TARGET.shareOfLimit * 100} %, 0): ${metShare ? 'met' : 'MISSED'}`,
    );
    console.log(
      `  four accounts: ${speedUp.toFixed(2)}x one account, ${four.throttled} answered 429 ` +
        `(target >= ${TARGET.fourAccountsSpeedUp}x, 0): ${metSpeedUp ? 'met' : 'MISSED'}`,
    );
    return metShare && metSpeedUp;
  } finally {
    await processes.stopAll();
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
