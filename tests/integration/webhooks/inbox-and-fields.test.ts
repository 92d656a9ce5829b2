import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { discoverFields, markProcessed, readInbox, recentPayloads } from '../../../engine/webhooks';
import { createWebhookConnection, createWorkspace, hooksApp, HookFixture } from './fixtures';

let testDb: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  workspaceId = await createWorkspace(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});

async function deliver(hook: HookFixture, bodies: Array<{ body: object; key?: string }>): Promise<number[]> {
  const app = hooksApp(testDb.db);
  const ids: number[] = [];
  for (const { body, key } of bodies) {
    const req = request(app).post(`/hooks/${hook.token}`);
    if (key) req.set('Idempotency-Key', key);
    ids.push((await req.send(body)).body.id as number);
  }
  return ids;
}

async function newRun(connectionId: string): Promise<string> {
  const [run] = await testDb
    .db('runs')
    .insert({ workspace_id: workspaceId, connection_id: connectionId, trigger: 'webhook', status: 'running' })
    .returning<Array<{ id: string }>>('id');
  return run!.id;
}

describe('the webhook inbox as a source', () => {
  test('the runner reads unprocessed payloads oldest first, keyed by delivery id or inbox id', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId);
    const ids = await deliver(hook, [{ body: { n: 1 }, key: 'evt_1' }, { body: { n: 2 } }, { body: { n: 3 } }]);

    const items = await readInbox({ db: testDb.db, connectionId: hook.connectionId, limit: 10 });

    expect(items.map((i) => [i.key, i.data])).toEqual([
      ['delivery:evt_1', { n: 1 }],
      [`inbox:${ids[1]}`, { n: 2 }],
      [`inbox:${ids[2]}`, { n: 3 }],
    ]);
    const page = await readInbox({ db: testDb.db, connectionId: hook.connectionId, limit: 1, afterId: ids[0] });
    expect(page.map((i) => i.data)).toEqual([{ n: 2 }]);
  });

  test('payloads marked processed by a run are not read again, and marking twice changes nothing', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId);
    const ids = await deliver(hook, [{ body: { n: 1 } }, { body: { n: 2 } }]);
    const runId = await newRun(hook.connectionId);

    const marked = await testDb.db.transaction((trx) => markProcessed(trx, [ids[0]!], runId));
    const markedAgain = await markProcessed(testDb.db, [ids[0]!], runId);

    expect([marked, markedAgain]).toEqual([1, 0]);
    const left = await readInbox({ db: testDb.db, connectionId: hook.connectionId, limit: 10 });
    expect(left.map((i) => i.inboxId)).toEqual([ids[1]]);
    const row = await testDb.db('webhook_inbox').where({ id: ids[0] }).first();
    expect(row.run_id).toBe(runId);
  });

  test('recent payloads come newest first and only within the connection’s own workspace', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId);
    await deliver(hook, [{ body: { n: 1 } }, { body: { n: 2 } }, { body: { n: 3 } }]);
    const otherWorkspace = await createWorkspace(testDb.db, 'Other team');

    const recent = await recentPayloads({ db: testDb.db, workspaceId, connectionId: hook.connectionId, limit: 2 });
    const foreign = await recentPayloads({
      db: testDb.db,
      workspaceId: otherWorkspace,
      connectionId: hook.connectionId,
      limit: 2,
    });

    expect(recent.map((p) => p.payload)).toEqual([{ n: 3 }, { n: 2 }]);
    expect(foreign).toEqual([]);
  });
});

describe('field discovery for the mapping', () => {
  test('nested keys are flattened with dots and [index], each with an example from the newest payload', () => {
    const fields = discoverFields([
      { customer: { email: 'new@example.com' }, items: [{ sku: 'B2', qty: 1 }], paid: true },
      { customer: { email: 'old@example.com', name: 'Ann Lee' }, 'First name': 'Ann', note: null, tags: [] },
    ]);

    expect(fields).toEqual([
      { field: 'customer.email', type: 'string', example: 'new@example.com' },
      { field: 'items[0].sku', type: 'string', example: 'B2' },
      { field: 'items[0].qty', type: 'number', example: 1 },
      { field: 'paid', type: 'boolean', example: true },
      { field: 'customer.name', type: 'string', example: 'Ann Lee' },
      { field: 'First name', type: 'string', example: 'Ann' },
      { field: 'note', type: 'null', example: null },
      { field: 'tags', type: 'array', example: [] },
    ]);
  });

  test('fields are discovered from the payloads a hook actually received', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId);
    await deliver(hook, [{ body: { order: { id: 7, lines: [{ sku: 'A1' }, { sku: 'C3' }] } } }]);
    const recent = await recentPayloads({ db: testDb.db, workspaceId, connectionId: hook.connectionId, limit: 5 });

    expect(discoverFields(recent.map((p) => p.payload)).map((f) => f.field)).toEqual([
      'order.id',
      'order.lines[0].sku',
      'order.lines[1].sku',
    ]);
  });
});
