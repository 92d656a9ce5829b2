import { connectors } from '../../../connectors';
import { KeyLocks } from '../../../engine/runner/key-locks';
import { claimRun, type ClaimRules } from '../../../engine/runs/claim';
import { enqueueRun, getRun } from '../../../engine/runs/repository';
import type { RunRecord } from '../../../engine/runs/types';
import type { Db } from '../../../engine/store/db';
import { SessionLocks } from '../../../engine/store/session-locks';
import { beat } from '../../../engine/worker/heartbeat';
import { createWorker } from '../../../engine/worker/worker';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { insertConnection, insertWorkspace, TEST_SECRET_KEY } from '../../support/fixtures';

// Issues 10.7 and 11.1, at the level of the run queue: who may take a running run over.
// A "worker" here is what a worker process leaves in PostgreSQL: a heartbeat row and a
// session holding its liveness lock. Killing its process ends the session.
let database: TestDatabase;
let db: Db;
let runId: string;
const rules: ClaimRules = { leaseSeconds: 60, staleSeconds: 1, maxTakeovers: 3 };
const sessions: SessionLocks[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  db = database.db;
  const workspaceId = await insertWorkspace(db);
  const connectionId = await insertConnection(db, workspaceId, {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    destination_connector: 'stripe',
    destination_action: 'create-customer',
    mapping: { email: '{{email}}' },
  });
  runId = (await enqueueRun(db, { workspaceId, connectionId, trigger: 'manual' }))!.id;
});
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
  await database.drop();
});

/** A live worker: its heartbeat row and its liveness lock, in a session of its own. */
async function liveWorker(workerId: string): Promise<{ workerId: string; session: SessionLocks }> {
  const session = SessionLocks.forDatabase(db);
  sessions.push(session);
  await beat(db, session, workerId, { generation: 0 });
  return { workerId, session };
}

/** What kill -9 leaves behind: the session ends with the process, beats stop. */
async function kill(worker: { session: SessionLocks }): Promise<void> {
  await worker.session.close();
}

/** Makes the heartbeat look older than the stale limit without waiting for it. */
async function ageHeartbeat(workerId: string): Promise<void> {
  await db('workers')
    .where({ id: workerId })
    .update({ heartbeat_at: db.raw("now() - interval '1 minute'") });
}

async function run(): Promise<RunRecord> {
  return (await getRun(db, runId))!;
}

test('a run whose worker was killed is taken over as soon as its heartbeat is stale, long before its lease lapses', async () => {
  const first = await liveWorker('worker-1');
  const second = await liveWorker('worker-2');
  expect(await claimRun(db, first.workerId, rules)).toMatchObject({ id: runId });
  expect(await claimRun(db, second.workerId, rules)).toBeNull();

  await kill(first);
  await ageHeartbeat(first.workerId);
  const taken = await claimRun(db, second.workerId, rules);

  expect(taken).toMatchObject({ id: runId, worker_id: 'worker-2', attempt: 2, takeovers: 1 });
  // The first worker's 60-second lease had most of its time left: the heartbeat decided.
  expect(taken!.lease_expires_at!.getTime() - Date.now()).toBeGreaterThan(50_000);
});

test('a worker that is alive but silent (a long pause) keeps its run until its lease lapses', async () => {
  const slow = await liveWorker('worker-slow');
  const other = await liveWorker('worker-other');
  await claimRun(db, slow.workerId, rules);

  // No heartbeat for a minute, but its process (and so its session) is still there.
  await ageHeartbeat(slow.workerId);
  expect(await claimRun(db, other.workerId, rules)).toBeNull();
  expect(await run()).toMatchObject({ worker_id: 'worker-slow', takeovers: 0 });

  // Only a lapsed lease gives its run away.
  await db('runs')
    .where({ id: runId })
    .update({ lease_expires_at: db.raw("now() - interval '1 second'") });
  expect(await claimRun(db, other.workerId, rules)).toMatchObject({ worker_id: 'worker-other', takeovers: 1 });
});

test('a worker whose lock session dropped but that still heartbeats keeps its run', async () => {
  const alive = await liveWorker('worker-alive');
  const other = await liveWorker('worker-other');
  await claimRun(db, alive.workerId, rules);

  await alive.session.close();
  await beat(db, other.session, other.workerId, { generation: 0 });
  await db('workers').where({ id: alive.workerId }).update({ heartbeat_at: db.fn.now() });

  expect(await claimRun(db, other.workerId, rules)).toBeNull();
});

test('a run whose worker dies every time is failed with a clear error after 3 takeovers, not taken over forever', async () => {
  for (let death = 1; death <= 4; death += 1) {
    const worker = await liveWorker(`worker-${death}`);
    expect(await claimRun(db, worker.workerId, rules)).toMatchObject({ id: runId, takeovers: death - 1 });
    await kill(worker);
    await ageHeartbeat(worker.workerId);
  }
  const next = await liveWorker('worker-5');

  const executed = await createWorker({
    db,
    registry: connectors,
    context: { stripeApiBase: 'http://127.0.0.1:9', googleApiBase: null },
    secretKey: TEST_SECRET_KEY,
    locks: new KeyLocks(next.session),
    ...rules,
  }).drain();

  expect(executed).toBe(0);
  const failed = await run();
  expect(failed).toMatchObject({ status: 'failed', takeovers: 3, error: expect.objectContaining({ kind: 'crashed' }) });
  expect(failed.error?.message).toMatch(/stopped unexpectedly 4 times/);
  expect(failed.finished_at).not.toBeNull();
});
