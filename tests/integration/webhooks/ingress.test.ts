import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { createWebhookConnection, createWorkspace, hooksApp, HookFixture, inboxRows } from './fixtures';

let testDb: TestDatabase;
let workspaceId: string;
let hook: HookFixture;

beforeAll(async () => {
  testDb = await createTestDatabase();
  workspaceId = await createWorkspace(testDb.db);
});
afterAll(async () => {
  await testDb.drop();
});
beforeEach(async () => {
  hook = await createWebhookConnection(testDb.db, workspaceId);
});

describe('webhook ingress', () => {
  test('a JSON payload is stored by the time the sender gets its 200 with the inbox id', async () => {
    const response = await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}`)
      .send({ email: 'ann@example.com', customer: { name: 'Ann' } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: true, id: expect.any(Number) });
    const rows = await inboxRows(testDb.db, hook.connectionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(response.body.id);
    expect(rows[0]!.payload).toEqual({ email: 'ann@example.com', customer: { name: 'Ann' } });
  });

  test('a form-encoded payload is stored with repeated names as a list', async () => {
    const response = await request(hooksApp(testDb.db))
      .put(`/hooks/${hook.token}`)
      .type('form')
      .send('email=bob%40example.com&first+name=Bob&tag=a&tag=b');

    expect(response.status).toBe(200);
    const [row] = await inboxRows(testDb.db, hook.connectionId);
    expect(row!.payload).toEqual({ email: 'bob@example.com', 'first name': 'Bob', tag: ['a', 'b'] });
  });

  test('query-string values become the payload when the body is empty, and fill in around a body', async () => {
    const app = hooksApp(testDb.db);
    await request(app).post(`/hooks/${hook.token}?email=cy%40example.com&plan=pro`).expect(200);
    await request(app).post(`/hooks/${hook.token}?source=shop&plan=free`).send({ plan: 'pro' }).expect(200);

    const rows = await inboxRows(testDb.db, hook.connectionId);
    expect(rows.map((r) => r.payload)).toEqual([
      { email: 'cy@example.com', plan: 'pro' },
      { source: 'shop', plan: 'pro' },
    ]);
  });

  test('a top-level JSON array is stored as one payload under "items"', async () => {
    await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}`)
      .send([{ sku: 'A1' }, { sku: 'B2' }])
      .expect(200);
    const [row] = await inboxRows(testDb.db, hook.connectionId);
    expect(row!.payload).toEqual({ items: [{ sku: 'A1' }, { sku: 'B2' }] });
  });

  test('a delivery repeated with the same Idempotency-Key is stored once and answered with the original id', async () => {
    const app = hooksApp(testDb.db);
    const first = await request(app).post(`/hooks/${hook.token}`).set('Idempotency-Key', 'evt_1').send({ n: 1 });
    const again = await request(app).post(`/hooks/${hook.token}`).set('Idempotency-Key', 'evt_1').send({ n: 1 });
    const viaRequestId = await request(app).post(`/hooks/${hook.token}`).set('X-Request-Id', 'req_9').send({ n: 2 });
    const viaRequestIdAgain = await request(app).post(`/hooks/${hook.token}`).set('X-Request-Id', 'req_9').send({ n: 2 });

    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: true, id: first.body.id, duplicate: true });
    expect(viaRequestIdAgain.body).toEqual({ received: true, id: viaRequestId.body.id, duplicate: true });
    expect((await inboxRows(testDb.db, hook.connectionId)).map((r) => r.delivery_key)).toEqual(['evt_1', 'req_9']);
  });

  test('concurrent repeats of one delivery are stored once and all answered with the same id', async () => {
    const app = hooksApp(testDb.db);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        request(app).post(`/hooks/${hook.token}`).set('Idempotency-Key', 'evt_race').send({ n: 1 }),
      ),
    );
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses.filter((r) => r.body.duplicate === true)).toHaveLength(7);
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(1);
  });

  test('a body over 1 MB is refused with 413 and nothing is stored', async () => {
    const response = await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}`)
      .send({ blob: 'x'.repeat(1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(0);
  });

  test('malformed JSON is refused with 400 and nothing is stored', async () => {
    const response = await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}`)
      .set('Content-Type', 'application/json')
      .send('{"email": "ann@example.com",');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('malformed_json');
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(0);
  });

  test('an unknown token answers 404 with exactly the body of any unknown hooks path', async () => {
    const app = hooksApp(testDb.db);
    const unknownToken = await request(app).post('/hooks/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').send({ a: 1 });
    const unknownPath = await request(app).post('/hooks/some/where').send({ a: 1 });
    const unknownGet = await request(app).get('/hooks/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const wrongMethod = await request(app).delete(`/hooks/${hook.token}`);

    expect(unknownToken.status).toBe(404);
    expect(unknownToken.body).toEqual(unknownPath.body);
    expect(unknownGet.status).toBe(404);
    expect(unknownGet.body).toEqual(unknownToken.body);
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body).toEqual(unknownToken.body);
    expect(JSON.stringify(unknownToken.body)).not.toContain('AAAAAAAA');
  });

  test('opening a webhook URL in a browser (GET) says it takes POST, and stores nothing', async () => {
    const response = await request(hooksApp(testDb.db)).get(`/hooks/${hook.token}`);

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST, PUT');
    expect(response.body.error.code).toBe('method_not_allowed');
    expect(response.body.error.message).toMatch(/^This webhook receives data by POST/);
    expect(await inboxRows(testDb.db, hook.connectionId)).toEqual([]);
  });

  test('stored headers keep what helps debugging but drop credentials', async () => {
    await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}`)
      .set('Authorization', 'Bearer very-secret')
      .set('Cookie', 'session=abc')
      .set('User-Agent', 'ShopHooks/1.0')
      .send({ a: 1 });
    const [row] = await inboxRows(testDb.db, hook.connectionId);
    expect(row!.headers['user-agent']).toBe('ShopHooks/1.0');
    expect(JSON.stringify(row!.headers)).not.toMatch(/very-secret|session=abc/);
  });

  test('a disabled connection still collects payloads, and does not start an instant run', async () => {
    const disabled = await createWebhookConnection(testDb.db, workspaceId, { enabled: false, sourceOptions: { instant: true } });
    const started: string[] = [];
    await request(hooksApp(testDb.db, { onPayloadStored: (id) => void started.push(id) }))
      .post(`/hooks/${disabled.token}`)
      .send({ a: 1 })
      .expect(200);
    expect(await inboxRows(testDb.db, disabled.connectionId)).toHaveLength(1);
    expect(started).toEqual([]);
  });

  test('an enabled instant connection tells the engine once its payload is stored', async () => {
    const instant = await createWebhookConnection(testDb.db, workspaceId, { sourceOptions: { instant: true } });
    const stored = new Promise<{ id: string; rows: number }>((resolve) => {
      const app = hooksApp(testDb.db, {
        onPayloadStored: async (id) => resolve({ id, rows: (await inboxRows(testDb.db, id)).length }),
      });
      void request(app)
        .post(`/hooks/${instant.token}`)
        .send({ a: 1 })
        .then(() => undefined);
    });
    await expect(stored).resolves.toEqual({ id: instant.connectionId, rows: 1 });
  });
});
