import crypto from 'node:crypto';
import request from 'supertest';
import { signTimestamped } from '../../../engine/webhooks';
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

const SECRET = 'whsec_shop_signing_key_0123';
const LEGIT = '{"name":"Legit"}';
const hex = (content: string) => crypto.createHmac('sha256', SECRET).update(content).digest('hex');

async function signedHook(protection: 'hmac-sha256' | 'hmac-sha256-timestamped', header = 'X-Signature') {
  return createWebhookConnection(testDb.db, workspaceId, {
    sourceOptions: { protection, signatureHeader: header },
    secret: SECRET,
  });
}

describe('a signature covers everything that becomes the payload', () => {
  test('a signed body resent with ?email=attacker is refused with 400 saying why, and nothing is stored', async () => {
    const hook = await signedHook('hmac-sha256');
    const app = hooksApp(testDb.db);
    const extended = await request(app)
      .post(`/hooks/${hook.token}?email=attacker@evil.test`)
      .set('Content-Type', 'application/json')
      .set('X-Signature', hex(LEGIT))
      .send(LEGIT);

    expect(extended.status).toBe(400);
    expect(extended.body.error.code).toBe('query_not_signed');
    expect(extended.body.error.message).toContain('covers the body only, so the query string was refused');
    expect(await inboxRows(testDb.db, hook.connectionId)).toEqual([]);
  });

  test('a query string signed with the body ("?query", newline, body) is accepted and fills in the payload', async () => {
    const hook = await signedHook('hmac-sha256');
    const response = await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}?source=shop&plan=pro`)
      .set('Content-Type', 'application/json')
      .set('X-Signature', hex(`?source=shop&plan=pro\n${LEGIT}`))
      .send(LEGIT);

    expect(response.status).toBe(200);
    expect((await inboxRows(testDb.db, hook.connectionId)).map((row) => row.payload)).toEqual([
      { source: 'shop', plan: 'pro', name: 'Legit' },
    ]);
  });

  test('a query-only delivery (empty body) signs "?query" and a newline', async () => {
    const hook = await signedHook('hmac-sha256');
    const response = await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}?email=ann%40example.com`)
      .set('X-Signature', hex('?email=ann%40example.com\n'));
    expect(response.status).toBe(200);
    expect((await inboxRows(testDb.db, hook.connectionId))[0]!.payload).toEqual({ email: 'ann@example.com' });
  });
});

describe('a captured signed delivery cannot be replayed', () => {
  test('the same signed request sent again, however re-dressed, is acknowledged as a duplicate and stored once', async () => {
    const hook = await signedHook('hmac-sha256');
    const app = hooksApp(testDb.db);
    const send = (signature: string, extra: Record<string, string> = {}) =>
      request(app)
        .post(`/hooks/${hook.token}`)
        .set({ 'Content-Type': 'application/json', 'X-Signature': signature, ...extra })
        .send(LEGIT);

    const first = await send(hex(LEGIT));
    const replays = [
      await send(hex(LEGIT)),
      await send(`sha256=${hex(LEGIT).toUpperCase()}`),
      await send(hex(LEGIT), { 'Idempotency-Key': 'a-fresh-key-1' }),
    ];

    expect(first.body).toEqual({ received: true, id: expect.any(Number) });
    for (const replay of replays) {
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({ received: true, id: first.body.id, duplicate: true });
    }
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(1);
  });

  test('with the timestamped scheme, a delivery signed within 5 minutes is taken once; an older one is refused saying why', async () => {
    const hook = await signedHook('hmac-sha256-timestamped', 'Webhook-Signature');
    let now = Date.UTC(2026, 10, 30, 12, 0, 0);
    const app = hooksApp(testDb.db, { now: () => now });
    const signedAt = now / 1000 - 60;
    const send = (signature: string) =>
      request(app)
        .post(`/hooks/${hook.token}`)
        .set({ 'Content-Type': 'application/json', 'Webhook-Signature': signature })
        .send(LEGIT);

    const fresh = await send(signTimestamped(SECRET, LEGIT, signedAt));
    const replayedSoon = await send(signTimestamped(SECRET, LEGIT, signedAt));
    now += 5 * 60 * 1000;
    const replayedLate = await send(signTimestamped(SECRET, LEGIT, signedAt));
    const resignedWrongly = await send(`t=${now / 1000},v1=${hex(`${signedAt}.${LEGIT}`)}`);

    expect(fresh.status).toBe(200);
    expect(replayedSoon.body).toEqual({ received: true, id: fresh.body.id, duplicate: true });
    expect(replayedLate.status).toBe(401);
    expect(replayedLate.body.error.message).toContain('The signature was made 360 s ago');
    expect(resignedWrongly.status).toBe(401);
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(1);
  });

  test('the timestamped scheme is Stripe’s: any of several v1 values may match, v0 is ignored', async () => {
    const hook = await signedHook('hmac-sha256-timestamped', 'Stripe-Signature');
    const t = Math.floor(Date.now() / 1000);
    const good = hex(`${t}.${LEGIT}`);
    const response = await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}`)
      .set({ 'Content-Type': 'application/json', 'Stripe-Signature': `t=${t},v1=${'0'.repeat(64)},v1=${good},v0=abc` })
      .send(LEGIT);
    expect(response.status).toBe(200);
  });
});

describe('a delivery id reused for a different payload', () => {
  test('is refused with 422 naming the key, and the new body is not stored; the same body again is a duplicate', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId);
    const app = hooksApp(testDb.db);
    const send = (body: object) => request(app).post(`/hooks/${hook.token}`).set('Idempotency-Key', 'order-1001').send(body);

    const first = await send({ email: 'ann@example.com', amount: 49 });
    const sameAgain = await send({ amount: 49, email: 'ann@example.com' });
    const different = await send({ email: 'bob@example.com', amount: 99 });

    expect(first.status).toBe(200);
    expect(sameAgain.body).toEqual({ received: true, id: first.body.id, duplicate: true });
    expect(different.status).toBe(422);
    expect(different.body.error).toMatchObject({
      code: 'idempotency_key_reused',
      details: { originalId: first.body.id },
    });
    expect(different.body.error.message).toContain('"order-1001"');
    expect((await inboxRows(testDb.db, hook.connectionId)).map((row) => row.payload)).toEqual([
      { email: 'ann@example.com', amount: 49 },
    ]);
  });

  test('concurrent deliveries with one key and different bodies: one is stored, the others hear 422', async () => {
    const hook = await createWebhookConnection(testDb.db, workspaceId);
    const app = hooksApp(testDb.db);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        request(app).post(`/hooks/${hook.token}`).set('Idempotency-Key', 'same-key').send({ n }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 422, 422, 422, 422, 422, 422, 422]);
    expect(await inboxRows(testDb.db, hook.connectionId)).toHaveLength(1);
  });
});
