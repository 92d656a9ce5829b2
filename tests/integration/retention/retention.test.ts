import crypto from 'node:crypto';
import request from 'supertest';
import { daysAgo, useRetentionTestbed } from './fixtures';
import { createWebhookConnection, hooksApp, inboxRows } from '../webhooks/fixtures';

const bed = useRetentionTestbed();
const { sweep } = bed;

async function insertPayloads(connectionId: string, count: number, dates: { received: Date; processed: Date | null }) {
  await bed.db('webhook_inbox').insert(
    Array.from({ length: count }, (_, n) => ({
      connection_id: connectionId,
      payload: JSON.stringify({ n }),
      received_at: dates.received,
      processed_at: dates.processed,
    })),
  );
}

test('processed payloads older than 30 days are removed in batches; newer and unprocessed ones stay', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  await insertPayloads(hook.connectionId, 25, { received: daysAgo(40), processed: daysAgo(31) });
  await insertPayloads(hook.connectionId, 3, { received: daysAgo(40), processed: daysAgo(29) });
  await insertPayloads(hook.connectionId, 2, { received: daysAgo(40), processed: null });

  const result = await sweep(10);

  expect(result.payloadsDeleted).toBe(25);
  // 10 + 10 + 5: no statement touches more than a batch.
  expect(result.batches).toBeGreaterThanOrEqual(3 + 4);
  const left = await inboxRows(bed.db, hook.connectionId);
  expect(left).toHaveLength(5);
  expect((await sweep()).payloadsDeleted).toBe(0);
});

test('a payload with a plain signature is emptied but kept, so a replay of it is still a duplicate', async () => {
  const secret = 'plain-signing-secret-1234';
  const hook = await createWebhookConnection(bed.db, bed.workspaceId, { sourceOptions: { protection: 'hmac-sha256' }, secret });
  const body = '{"email":"ann@example.com"}';
  const signature = crypto.createHmac('sha256', secret).update(body).digest('hex');
  const deliver = () =>
    request(hooksApp(bed.db))
      .post(`/hooks/${hook.token}`)
      .set({ 'Content-Type': 'application/json', 'X-Signature-256': signature })
      .send(body);
  const first = await deliver();
  await bed
    .db('webhook_inbox')
    .where({ id: first.body.id })
    .update({ processed_at: daysAgo(31) });

  const result = await sweep();
  const replay = await deliver();

  expect(result.payloadsEmptied).toBe(1);
  const [row] = await inboxRows(bed.db, hook.connectionId);
  expect(row!.payload).toEqual({});
  expect(replay.body).toEqual({ received: true, id: first.body.id, duplicate: true });
});

test('a payload whose timestamped signature has expired is removed outright: its timestamp refuses a replay', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  await bed.db('webhook_inbox').insert({
    connection_id: hook.connectionId,
    payload: '{"n":1}',
    signature_digest: 'a'.repeat(64),
    signature_expires_at: daysAgo(31),
    received_at: daysAgo(31),
    processed_at: daysAgo(31),
  });
  expect(await sweep()).toMatchObject({ payloadsDeleted: 1, payloadsEmptied: 0 });
  expect(await inboxRows(bed.db, hook.connectionId)).toEqual([]);
});

test('run items older than 30 days are removed; the run, its counts and the ledger stay', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  const [run] = await bed
    .db('runs')
    .insert({
      workspace_id: bed.workspaceId,
      connection_id: hook.connectionId,
      trigger: 'manual',
      status: 'succeeded',
      items_sent: 35,
    })
    .returning<Array<{ id: string }>>('id');
  const item = (n: number, createdAt: Date) => ({
    run_id: run!.id,
    connection_id: hook.connectionId,
    item_key: `k${n}`,
    status: 'sent',
    source: '{}',
    created_at: createdAt,
  });
  await bed
    .db('run_items')
    .insert([
      ...Array.from({ length: 30 }, (_, n) => item(n, daysAgo(31))),
      ...Array.from({ length: 5 }, (_, n) => item(100 + n, daysAgo(1))),
    ]);
  await bed.db('ledger').insert({ connection_id: hook.connectionId, item_key: 'k0', run_id: run!.id, sent_at: daysAgo(31) });

  expect((await sweep()).runItemsDeleted).toBe(30);
  expect(await bed.db('run_items').where({ run_id: run!.id }).select('item_key')).toHaveLength(5);
  expect(await bed.db('runs').where({ id: run!.id }).first('items_sent')).toEqual({ items_sent: 35 });
  expect(await bed.db('ledger').where({ connection_id: hook.connectionId }).select('item_key')).toEqual([{ item_key: 'k0' }]);
});

test('expired sessions and login attempts older than a day are removed', async () => {
  const [user] = await bed
    .db('users')
    .insert({ email: 'old@example.com', password_hash: 'x' })
    .returning<Array<{ id: string }>>('id');
  await bed.db('sessions').insert([
    { token_hash: 'expired', user_id: user!.id, workspace_id: bed.workspaceId, csrf_token: 'c', expires_at: daysAgo(1) },
    { token_hash: 'live', user_id: user!.id, workspace_id: bed.workspaceId, csrf_token: 'c', expires_at: daysAgo(-1) },
  ]);
  await bed.db('login_attempts').insert([
    { email: 'old@example.com', ip: '1.2.3.4', succeeded: false, attempted_at: daysAgo(2) },
    { email: 'old@example.com', ip: '1.2.3.4', succeeded: false, attempted_at: daysAgo(0.5) },
  ]);

  const result = await sweep();

  expect(result).toMatchObject({ sessionsDeleted: 1, loginAttemptsDeleted: 1 });
  expect(await bed.db('sessions').pluck('token_hash')).toEqual(['live']);
});
