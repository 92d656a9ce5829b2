import type { RunRecord } from '../../../engine/runs/types';
import type { StripeEmulator } from '../../emulators/stripe';
import type { TestDatabase } from '../../support/database';
import { customerCreations, customerEmails, dueWebhookConnections, useWorkersOnStripe, type Payload } from './fixtures';
import { waitFor, type ProcessGroup, type RoleProcess } from './processes';

// The product's default lease (30 s): a killed worker's run is taken over once its
// heartbeat is stale and its database session is gone (about 4 s), not after the lease.
const LEASE_SECONDS = 30;
const PAYLOADS = 300;
// 40 requests per second (the account's limit, enforced by each worker) with 50 ms of
// Stripe latency: one run takes about 7.5 s, long enough to stop its worker in the middle.
const REQUESTS_PER_SECOND = 40;
const MID_RUN_CUSTOMERS = 60;

jest.setTimeout(300_000);

let database: TestDatabase;
let stripe: StripeEmulator;
let processes: ProcessGroup;
useWorkersOnStripe(LEASE_SECONDS, (started) => ({ database, stripe, processes } = started));

/** Workers and a scheduler, then one long run that one of the workers has half done. */
async function longRunInTheMiddle(
  workers = 2,
): Promise<{ runId: string; owner: RoleProcess; other: RoleProcess | null; payloads: Payload[] }> {
  const started = await Promise.all([
    ...Array.from({ length: workers }, () => processes.start('worker')),
    processes.start('scheduler'),
  ]);
  const [a, b] = [started[0]!, workers > 1 ? started[1]! : null];
  const { payloads } = await dueWebhookConnections(database.db, {
    count: 1,
    payloadsFor: () => Array.from({ length: PAYLOADS }, (_, n) => ({ email: `p${n}@example.com`, name: `Person ${n}` })),
    requestsPerSecond: REQUESTS_PER_SECOND,
  });
  const run = await waitFor('a worker to claim the run', async () => {
    const row = (await database.db('runs').where({ status: 'running' }).first()) as RunRecord | undefined;
    return row?.worker_id ? row : undefined;
  });
  await waitFor(
    'the run to be under way',
    async () => (stripe.list('customer').length >= MID_RUN_CUSTOMERS ? true : undefined),
    20_000,
    20,
  );
  const owner = run.worker_id === a.workerId || !b ? a : b;
  const other = owner === a ? b : a;
  expect(run.worker_id).toBe(owner.workerId);
  return { runId: run.id, owner, other, payloads };
}

async function runById(runId: string): Promise<RunRecord> {
  return (await database.db('runs').where({ id: runId }).first()) as RunRecord;
}

async function finished(runId: string): Promise<RunRecord> {
  return waitFor('the run to finish', async () => {
    const run = await runById(runId);
    return run.finished_at ? run : undefined;
  });
}

test('a worker killed with -9 mid-run: a worker started after it takes the run over within seconds, long before the 30 s lease lapses, and nothing is doubled', async () => {
  const { runId, owner, payloads } = await longRunInTheMiddle(1);
  const leaseAtKill = (await runById(runId)).lease_expires_at!;

  owner.signal('SIGKILL');
  await owner.exited;
  const replacement = await processes.start('worker');
  const startedAt = Date.now();
  const takenOver = await waitFor('the new worker to take the run over', async () => {
    const run = await runById(runId);
    return run.worker_id === replacement.workerId ? { ms: Date.now() - startedAt, at: Date.now() } : undefined;
  });
  const run = await finished(runId);

  // Taken over while the killed worker's lease still ran: its heartbeat and session decided.
  expect(takenOver.at).toBeLessThan(leaseAtKill.getTime());
  expect(takenOver.ms).toBeLessThan(15_000);
  expect(run).toMatchObject({
    status: 'succeeded',
    attempt: 2,
    takeovers: 1,
    items_sent: PAYLOADS,
    items_failed: 0,
    worker_id: replacement.workerId,
  });
  expect(customerEmails(stripe)).toEqual(payloads.map((payload) => payload.email).sort());
  // The killed worker had sent items it never recorded; the new worker sent them again
  // with the same idempotency keys, and Stripe answered with the customers it had made.
  expect(customerCreations(stripe)).toBeGreaterThanOrEqual(PAYLOADS);
  console.log(
    `kill -9 -> new worker up -> takeover ${takenOver.ms} ms after it started (lease ${LEASE_SECONDS} s); ` +
      `${customerCreations(stripe) - PAYLOADS} create requests replayed by idempotency key`,
  );
});

test('a worker frozen mid-run (SIGSTOP) for longer than the heartbeat limit keeps its run and finishes it when it wakes', async () => {
  const { runId, owner, other, payloads } = await longRunInTheMiddle();

  owner.signal('SIGSTOP');
  // Well past the 3 s heartbeat limit and several polls of the other worker.
  await new Promise((resolve) => setTimeout(resolve, 8000));
  const frozen = await runById(runId);
  owner.signal('SIGCONT');
  const run = await finished(runId);

  expect(frozen).toMatchObject({ status: 'running', worker_id: owner.workerId, takeovers: 0 });
  expect(run).toMatchObject({ status: 'succeeded', attempt: 1, takeovers: 0, items_sent: PAYLOADS, worker_id: owner.workerId });
  expect(other).not.toBeNull();
  expect(customerEmails(stripe)).toEqual(payloads.map((payload) => payload.email).sort());
  expect(customerCreations(stripe)).toBe(PAYLOADS);
});

test('a worker stopped with SIGTERM records what it sent, hands the run back and exits 0; the other worker finishes it', async () => {
  const { runId, owner, other, payloads } = await longRunInTheMiddle();
  if (!other) throw new Error('two workers were started');

  const sentBeforeStop = stripe.list('customer').length;
  owner.signal('SIGTERM');
  const signalledAt = Date.now();
  const exit = await owner.exited;
  const exitMs = Date.now() - signalledAt;

  expect(exit).toEqual({ code: 0, signal: null });
  expect(exitMs).toBeLessThan(5000);
  const handedBack = await runById(runId);
  // Back in the queue, or already claimed by the other worker (it polls every second).
  const holder =
    handedBack.status === 'queued' && handedBack.worker_id === null
      ? 'the queue'
      : handedBack.status === 'running' && handedBack.worker_id === other.workerId
        ? 'the other worker'
        : `${handedBack.status} by ${handedBack.worker_id}`;
  expect(['the queue', 'the other worker']).toContain(holder);
  const recorded = (await database.db('run_items').where({ run_id: runId, status: 'sent' }).count({ n: '*' })) as Array<{
    n: string;
  }>;
  expect(Number(recorded[0]!.n)).toBeGreaterThanOrEqual(sentBeforeStop);

  const run = await finished(runId);
  expect(run).toMatchObject({
    status: 'succeeded',
    attempt: 2,
    items_sent: PAYLOADS,
    items_failed: 0,
    worker_id: other.workerId,
  });
  expect(customerEmails(stripe)).toEqual(payloads.map((payload) => payload.email).sort());
  // Everything the stopping worker sent was recorded, so nothing had to be sent again.
  expect(customerCreations(stripe)).toBe(PAYLOADS);
  console.log(`SIGTERM -> exit 0 in ${exitMs} ms with ${recorded[0]!.n} items recorded (${sentBeforeStop} sent at the signal)`);
});

test('an item Stripe rate-limits while its worker stops is left to the next worker, not failed', async () => {
  const { runId, owner, other, payloads } = await longRunInTheMiddle();
  if (!other) throw new Error('two workers were started');

  owner.signal('SIGTERM');
  // The stopping worker still sends the items it has in flight; Stripe answers some of them
  // with 429. Retrying would delay the shutdown, but failing them would lose them.
  stripe.faults.failNext({ method: 'POST', path: '/v1/customers' }, { kind: 'rate-limit' }, 8);
  expect(await owner.exited).toEqual({ code: 0, signal: null });

  const run = await finished(runId);
  expect(run).toMatchObject({ status: 'succeeded', items_sent: PAYLOADS, items_failed: 0, worker_id: other.workerId });
  expect(customerEmails(stripe)).toEqual(payloads.map((payload) => payload.email).sort());
  expect(stripe.requests.filter((request) => request.status === 429)).toHaveLength(8);
});
