import { enqueueDependents, listDependents } from '../../../engine/scheduler';
import { enqueueRun } from '../../../engine/runs/repository';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { createConnection, createWorkspace, finishActiveRun, runsOf } from './fixtures';

let test: TestDatabase;
let workspaceId: string;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});
beforeEach(async () => {
  await test.db.raw('truncate runs, connections, workspaces cascade');
  workspaceId = await createWorkspace(test.db);
});

const manual = { type: 'manual' as const };

async function runByHand(connectionId: string): Promise<void> {
  await enqueueRun(test.db, { workspaceId, connectionId, trigger: 'manual' });
}

describe('connections that run after another', () => {
  it('a chain A -> B -> C runs B after A succeeds, then C after B is partial', async () => {
    const a = await createConnection(test.db, workspaceId, { name: 'A', schedule: manual });
    const b = await createConnection(test.db, workspaceId, { name: 'B', runAfter: a });
    const c = await createConnection(test.db, workspaceId, { name: 'C', runAfter: b });

    await runByHand(a);
    const runOfA = await finishActiveRun(test.db, a, 'succeeded');
    expect((await enqueueDependents(test.db, runOfA)).map((run) => run.connection_id)).toEqual([b]);
    expect(await runsOf(test.db, c)).toEqual([]);

    const runOfB = await finishActiveRun(test.db, b, 'partial');
    expect((await enqueueDependents(test.db, runOfB)).map((run) => run.connection_id)).toEqual([c]);
    expect(await runsOf(test.db, b)).toEqual([{ trigger: 'after', due_at: null, after_run_id: runOfA.id, status: 'partial' }]);
    expect(await runsOf(test.db, c)).toEqual([{ trigger: 'after', due_at: null, after_run_id: runOfB.id, status: 'queued' }]);
  });

  it('fans out: B and C both run after A', async () => {
    const a = await createConnection(test.db, workspaceId, { name: 'A', schedule: manual });
    const b = await createConnection(test.db, workspaceId, { name: 'B', runAfter: a });
    const c = await createConnection(test.db, workspaceId, { name: 'C', runAfter: a });

    await runByHand(a);
    const started = await enqueueDependents(test.db, await finishActiveRun(test.db, a, 'succeeded'));
    expect(started.map((run) => run.connection_id).sort()).toEqual([b, c].sort());
  });

  it('starts nothing after A failed outright', async () => {
    const a = await createConnection(test.db, workspaceId, { name: 'A', schedule: manual });
    const b = await createConnection(test.db, workspaceId, { name: 'B', runAfter: a });

    await runByHand(a);
    expect(await enqueueDependents(test.db, await finishActiveRun(test.db, a, 'failed'))).toEqual([]);
    expect(await runsOf(test.db, b)).toEqual([]);
  });

  it('does not start a disabled dependent', async () => {
    const a = await createConnection(test.db, workspaceId, { name: 'A', schedule: manual });
    const b = await createConnection(test.db, workspaceId, { name: 'B', runAfter: a, enabled: false });

    await runByHand(a);
    expect(await enqueueDependents(test.db, await finishActiveRun(test.db, a, 'succeeded'))).toEqual([]);
    expect(await runsOf(test.db, b)).toEqual([]);
  });

  it('does not start a second run of a dependent that is already running', async () => {
    const a = await createConnection(test.db, workspaceId, { name: 'A', schedule: manual });
    const b = await createConnection(test.db, workspaceId, { name: 'B', runAfter: a });
    await runByHand(b);

    await runByHand(a);
    expect(await enqueueDependents(test.db, await finishActiveRun(test.db, a, 'succeeded'))).toEqual([]);
    expect(await runsOf(test.db, b)).toHaveLength(1);
  });

  it('runs a dependent once per finished run, even when told twice', async () => {
    const a = await createConnection(test.db, workspaceId, { name: 'A', schedule: manual });
    const b = await createConnection(test.db, workspaceId, { name: 'B', runAfter: a });

    await runByHand(a);
    const runOfA = await finishActiveRun(test.db, a, 'succeeded');
    await enqueueDependents(test.db, runOfA);
    await finishActiveRun(test.db, b, 'succeeded');
    expect(await enqueueDependents(test.db, runOfA)).toEqual([]);
    expect(await runsOf(test.db, b)).toHaveLength(1);
  });

  it('lists the connections that run after one, by name', async () => {
    const a = await createConnection(test.db, workspaceId, { name: 'Leads', schedule: manual });
    await createConnection(test.db, workspaceId, { name: 'Invoices', runAfter: a });
    await createConnection(test.db, workspaceId, { name: 'Customers', runAfter: a });
    expect((await listDependents(test.db, a)).map((connection) => connection.name)).toEqual(['Customers', 'Invoices']);
  });
});
