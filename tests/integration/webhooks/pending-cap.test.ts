import request from 'supertest';
import { markProcessed } from '../../../engine/webhooks';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { createWebhookConnection, createWorkspace, hooksApp, inboxRows } from './fixtures';

let testDb: TestDatabase;
let workspaceId: string;
beforeAll(async () => {
  testDb = await createTestDatabase();
  workspaceId = await createWorkspace(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});

test('a connection holding its cap of unprocessed payloads answers 429 with Retry-After, and takes more once they are processed', async () => {
  const hook = await createWebhookConnection(testDb.db, workspaceId, { enabled: false });
  const other = await createWebhookConnection(testDb.db, workspaceId);
  let now = Date.now();
  const app = hooksApp(testDb.db, { maxPendingPayloads: 3, now: () => now });
  const send = (token: string, n: number) => request(app).post(`/hooks/${token}`).send({ n });

  const accepted = [await send(hook.token, 1), await send(hook.token, 2), await send(hook.token, 3)];
  const refused = await send(hook.token, 4);
  const otherHook = await send(other.token, 1);

  expect(accepted.map((a) => a.status)).toEqual([200, 200, 200]);
  expect(refused.status).toBe(429);
  expect(refused.headers['retry-after']).toBe('60');
  expect(refused.body.error.message).toContain('already holds 3 payloads that were not processed yet');
  expect(otherHook.status).toBe(200);
  expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(3);

  const [run] = await testDb
    .db('runs')
    .insert({ workspace_id: workspaceId, connection_id: hook.connectionId, trigger: 'manual', status: 'succeeded' })
    .returning<Array<{ id: string }>>('id');
  await markProcessed(
    testDb.db,
    accepted.map((a) => a.body.id as number),
    run!.id,
  );
  now += 1500;
  expect((await send(hook.token, 5)).status).toBe(200);
});
