import crypto from 'node:crypto';
import request from 'supertest';
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

const BODY = '{"email":"ann@example.com","amount":49}';
const sign = (secret: string, body: string) => crypto.createHmac('sha256', secret).update(body).digest('hex');

describe('a hook protected by a shared secret header', () => {
  test('the right secret is accepted and stored without its header; a wrong or missing one gets 401', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId, {
      sourceOptions: { protection: 'shared-secret', secretHeader: 'X-Shop-Secret' },
      secret: 's3cret-for-the-shop',
    });
    const app = hooksApp(testDb.db);

    const wrong = await request(app).post(`/hooks/${hook.token}`).set('X-Shop-Secret', 's3cret-for-the-shoq').send({ a: 1 });
    const missing = await request(app).post(`/hooks/${hook.token}`).send({ a: 1 });
    const right = await request(app).post(`/hooks/${hook.token}`).set('X-Shop-Secret', 's3cret-for-the-shop').send({ a: 1 });

    expect([wrong.status, missing.status]).toEqual([401, 401]);
    expect(wrong.body.error.code).toBe('invalid_signature');
    expect(right.status).toBe(200);
    const rows = await inboxRows(testDb.db, hook.connectionId);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.headers)).not.toContain('s3cret');
  });

  test('a protected hook whose secret was never stored accepts nothing', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId, { sourceOptions: { protection: 'shared-secret' } });
    const response = await request(hooksApp(testDb.db)).post(`/hooks/${hook.token}`).set('X-Webhook-Secret', '').send({ a: 1 });
    expect(response.status).toBe(401);
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(0);
  });
});

describe('a hook protected by an HMAC-SHA256 signature of the body', () => {
  const secret = 'whsec_shop_signing_key';

  test('a signature over the raw body is accepted as plain hex or with the sha256= prefix', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId, { sourceOptions: { protection: 'hmac-sha256' }, secret });
    const app = hooksApp(testDb.db);
    const post = (signature: string) =>
      request(app)
        .post(`/hooks/${hook.token}`)
        .set('Content-Type', 'application/json')
        .set('X-Signature-256', signature)
        .send(BODY);

    const BODY2 = BODY.replace('49', '50');
    const post2 = (signature: string) =>
      request(app)
        .post(`/hooks/${hook.token}`)
        .set('Content-Type', 'application/json')
        .set('X-Signature-256', signature)
        .send(BODY2);

    expect((await post(sign(secret, BODY))).status).toBe(200);
    expect((await post2(`sha256=${sign(secret, BODY2).toUpperCase()}`)).status).toBe(200);
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(2);
  });

  test('a signature made with another secret, over another body, or malformed gets 401 and nothing is stored', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId, {
      sourceOptions: { protection: 'hmac-sha256', signatureHeader: 'X-Hub-Signature-256' },
      secret,
    });
    const app = hooksApp(testDb.db);
    const post = (signature: string) =>
      request(app)
        .post(`/hooks/${hook.token}`)
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signature)
        .send(BODY);

    const statuses = [
      (await post(sign('another-secret', BODY))).status,
      (await post(sign(secret, `${BODY} `))).status,
      (await post('sha256=not-hex')).status,
      (await request(app).post(`/hooks/${hook.token}`).set('Content-Type', 'application/json').send(BODY)).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(0);
  });
});

describe('the burst limit of a hook', () => {
  test('beyond the burst a sender gets 429 with Retry-After, and is accepted again once the bucket refills', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId);
    const other = await createWebhookConnection(testDb.db, workspaceId);
    let now = 1_000_000;
    const app = hooksApp(testDb.db, { burstLimit: { perSecond: 1, burst: 2 }, now: () => now });
    const post = (token: string) => request(app).post(`/hooks/${token}`).send({ a: 1 });

    const statuses = [(await post(hook.token)).status, (await post(hook.token)).status];
    const limited = await post(hook.token);
    const otherHook = await post(other.token);
    now += 1000;
    const afterRefill = await post(hook.token);

    expect(statuses).toEqual([200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body.error.code).toBe('too_many_requests');
    expect(otherHook.status).toBe(200);
    expect(afterRefill.status).toBe(200);
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(3);
  });
});
