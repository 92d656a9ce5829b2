import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { createWebhookConnection, createWorkspace, hooksApp, inboxRows } from './fixtures';

// Issue 15.5: each webhook connection sets its own delivery limit, and that limit is kept
// in PostgreSQL so several web processes enforce it together.
let testDb: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  workspaceId = await createWorkspace(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});

const limited = { deliveriesPerSecond: 2, deliveryBurst: 3 };

test('a hook’s own limit applies: beyond its burst the sender gets 429 with Retry-After, and refilled it is accepted again', async () => {
  const hook = await createWebhookConnection(testDb.db, workspaceId, { sourceOptions: limited });
  const other = await createWebhookConnection(testDb.db, workspaceId);
  let now = Date.UTC(2026, 0, 1);
  const app = hooksApp(testDb.db, { now: () => now });
  const post = (token: string) => request(app).post(`/hooks/${token}`).send({ a: 1 });

  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await post(hook.token)).status);
  const limitedAnswer = await post(hook.token);
  // The default (200 per second, burst 1,000) lets another hook's five through.
  const others = [];
  for (let i = 0; i < 5; i++) others.push((await post(other.token)).status);
  now += 500;
  const afterRefill = await post(hook.token);

  expect(statuses).toEqual([200, 200, 200, 429]);
  expect(limitedAnswer.status).toBe(429);
  expect(limitedAnswer.headers['retry-after']).toBe('1');
  expect(limitedAnswer.body.error.code).toBe('too_many_requests');
  expect(others).toEqual([200, 200, 200, 200, 200]);
  expect(afterRefill.status).toBe(200);
  expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(4);
});

test('two web processes share one hook’s limit: together they accept one burst, not one each', async () => {
  const hook = await createWebhookConnection(testDb.db, workspaceId, { sourceOptions: limited });
  const now = Date.UTC(2026, 0, 2);
  // Two routers, each with its own limiter and memory, as two processes would have.
  const first = hooksApp(testDb.db, { now: () => now });
  const second = hooksApp(testDb.db, { now: () => now });

  const answers = [];
  for (let i = 0; i < 3; i++) {
    answers.push((await request(first).post(`/hooks/${hook.token}`).send({ i })).status);
    answers.push((await request(second).post(`/hooks/${hook.token}`).send({ i })).status);
  }

  expect(answers.filter((status) => status === 200)).toHaveLength(3);
  expect(answers.filter((status) => status === 429)).toHaveLength(3);
  expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(3);
});

test('a sender refused once is answered from memory until its next token is due, without asking the database', async () => {
  const hook = await createWebhookConnection(testDb.db, workspaceId, {
    sourceOptions: { deliveriesPerSecond: 1, deliveryBurst: 1 },
  });
  const now = Date.UTC(2026, 0, 3);
  const app = hooksApp(testDb.db, { now: () => now });
  await request(app).post(`/hooks/${hook.token}`).send({ a: 1 }).expect(200);
  await request(app).post(`/hooks/${hook.token}`).send({ a: 2 }).expect(429);
  const before = await budgetRow(hook.connectionId);

  for (let i = 0; i < 20; i++) await request(app).post(`/hooks/${hook.token}`).send({ a: 3 }).expect(429);

  expect(await budgetRow(hook.connectionId)).toEqual(before);
});

async function budgetRow(connectionId: string) {
  return testDb
    .db('rate_budgets')
    .where({ key: `hook:${connectionId}` })
    .first();
}
