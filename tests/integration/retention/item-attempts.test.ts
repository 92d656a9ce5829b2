import { noteAttempts } from '../../../engine/runner/attempts';
import { recordBatch } from '../../../engine/runs/repository';
import type { ItemOutcome } from '../../../engine/runs/types';
import { daysAgo, useRetentionTestbed } from './fixtures';
import { createWebhookConnection } from '../webhooks/fixtures';

// Issue 15.3: an item's attempt record makes a send past Stripe's 24-hour key window look
// for the item in Stripe first. It must go once nothing can send the item again (or the
// table grows for ever), and never before (or a late retry could create a duplicate).
const bed = useRetentionTestbed();
const sweep = () => bed.sweep(2);
const keysLeft = async (connectionId: string) =>
  (await bed.db('item_attempts').where({ connection_id: connectionId }).orderBy('item_key').pluck('item_key')) as string[];

async function attempted(connectionId: string, itemKey: string, lastAttempt: Date): Promise<void> {
  await bed
    .db('item_attempts')
    .insert({ connection_id: connectionId, item_key: itemKey, first_attempt_at: daysAgo(60), last_attempt_at: lastAttempt });
}

async function runOf(connectionId: string, status: string): Promise<string> {
  const [run] = await bed
    .db('runs')
    .insert({ workspace_id: bed.workspaceId, connection_id: connectionId, trigger: 'manual', status })
    .returning<Array<{ id: string }>>('id');
  return run!.id;
}

test('a failed item’s attempt record goes a day after retention removed its run log entries, not before', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  await attempted(hook.connectionId, 'delivery:old-1', daysAgo(31.5));
  await attempted(hook.connectionId, 'delivery:old-2', daysAgo(40));
  await attempted(hook.connectionId, 'delivery:old-3', daysAgo(45));
  // Retried 30.5 days ago: that retry's run log entry may have been written a little later
  // and can still be retried from.
  await attempted(hook.connectionId, 'delivery:retried', daysAgo(30.5));
  await attempted(hook.connectionId, 'delivery:recent', daysAgo(2));

  const result = await sweep();

  expect(result.itemAttemptsDeleted).toBe(3);
  expect(await keysLeft(hook.connectionId)).toEqual(['delivery:recent', 'delivery:retried']);
});

test('an old attempt record stays while a run of its connection is unfinished (a takeover reads the item again)', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  await attempted(hook.connectionId, 'delivery:in-flight', daysAgo(40));
  const runId = await runOf(hook.connectionId, 'running');

  expect((await sweep()).itemAttemptsDeleted).toBe(0);
  await bed.db('runs').where({ id: runId }).update({ status: 'failed' });
  expect((await sweep()).itemAttemptsDeleted).toBe(1);
});

test('an old attempt record stays while its webhook payload waits in the inbox', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  await attempted(hook.connectionId, 'delivery:waiting', daysAgo(40));
  await attempted(hook.connectionId, 'delivery:done', daysAgo(40));
  await bed.db('webhook_inbox').insert([
    { connection_id: hook.connectionId, delivery_key: 'waiting', payload: '{}', received_at: daysAgo(41), processed_at: null },
    {
      connection_id: hook.connectionId,
      delivery_key: 'done',
      payload: '{}',
      received_at: daysAgo(41),
      processed_at: daysAgo(40),
    },
  ]);

  await sweep();

  expect(await keysLeft(hook.connectionId)).toEqual(['delivery:waiting']);
});

test('an old attempt record stays while the polling cursor was not stored since (the next run reads the row again)', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  await attempted(hook.connectionId, 'row:7', daysAgo(40));
  await bed.db('source_state').insert({ connection_id: hook.connectionId, cursor: '{}', updated_at: daysAgo(41) });

  expect((await sweep()).itemAttemptsDeleted).toBe(0);
  // A later complete read stored its cursor: the row was read past.
  await bed
    .db('source_state')
    .where({ connection_id: hook.connectionId })
    .update({ updated_at: daysAgo(39) });
  expect((await sweep()).itemAttemptsDeleted).toBe(1);
});

test('an old attempt record of a polling source stays while it has no stored cursor at all (its first read never completed)', async () => {
  const sheet = await createWebhookConnection(bed.db, bed.workspaceId);
  await bed
    .db('connections')
    .where({ id: sheet.connectionId })
    .update({ source_connector: 'google-sheets', source_trigger: 'new-row' });
  await attempted(sheet.connectionId, 'row:7', daysAgo(40));

  expect((await sweep()).itemAttemptsDeleted).toBe(0);
  await bed.db('source_state').insert({ connection_id: sheet.connectionId, cursor: '{}', updated_at: daysAgo(39) });
  expect((await sweep()).itemAttemptsDeleted).toBe(1);
});

test('recording an item as sent or skipped by its action removes its attempt record at once; a failed one keeps it', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  const runId = await runOf(hook.connectionId, 'running');
  // A read may repeat a key: noted once.
  await noteAttempts(bed.db, hook.connectionId, ['delivery:a', 'delivery:b', 'delivery:c', 'delivery:c']);
  const outcome = (itemKey: string, status: ItemOutcome['status'], attempts = 1): ItemOutcome => ({
    itemKey,
    status,
    source: {},
    mapped: null,
    destinationObjectId: status === 'sent' ? 'cus_1' : null,
    error: status === 'failed' ? { kind: 'retryable', message: 'connection dropped' } : null,
    attempts,
  });
  const record = (outcomes: ItemOutcome[]) => recordBatch(bed.db, { runId, connectionId: hook.connectionId, outcomes });

  await record([outcome('delivery:a', 'sent'), outcome('delivery:b', 'skipped'), outcome('delivery:c', 'failed')]);
  // The repeat of c is skipped without running: c's lost answer still needs its record.
  await record([outcome('delivery:c', 'skipped', 0)]);

  expect(await keysLeft(hook.connectionId)).toEqual(['delivery:c']);
});

test('each new attempt at an item moves its last attempt on and keeps its first', async () => {
  const hook = await createWebhookConnection(bed.db, bed.workspaceId);
  await attempted(hook.connectionId, 'delivery:again', daysAgo(40));

  const earlier = await noteAttempts(bed.db, hook.connectionId, ['delivery:again']);

  expect(earlier.get('delivery:again')!.at).toEqual(daysAgo(60));
  const row = await bed.db('item_attempts').where({ connection_id: hook.connectionId }).first();
  expect(row.first_attempt_at).toEqual(daysAgo(60));
  expect(Date.now() - row.last_attempt_at.getTime()).toBeLessThan(60 * 60 * 1000);
  expect((await sweep()).itemAttemptsDeleted).toBe(0);
});
