import { encryptJson } from '../../../engine/crypto/secret-box';
import { idempotencyKey } from '../../../engine/runner/idempotency';
import { executeRun } from '../../../engine/runner/run-connection';
import { claimRun } from '../../../engine/runs/claim';
import { enqueueRun, getRun } from '../../../engine/runs/repository';
import { createWorker } from '../../../engine/worker/worker';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { insertAccount, insertConnection, TEST_SECRET_KEY } from '../../support/fixtures';
import { itemsOf, runOnce, startHarness, STRIPE_KEY, webhookConnection, type Harness } from './harness';

// Issue 10.3: the run log must say what happened to every item, also after a takeover
// and after the run stopped on an auth failure.
let h: Harness;
let google: GoogleEmulator;
beforeEach(async () => {
  h = await startHarness({}, { latencyMs: 5 });
  google = await startGoogleEmulator();
  h.deps.context = { ...h.deps.context, googleApiBase: google.url };
});
afterEach(async () => {
  await google.close();
  await h.close();
});

const people = Array.from({ length: 300 }, (_, i) => ({ email: `p${i}@example.com`, name: `Person ${i}` }));
const alwaysCreate = { onExistingEmail: 'create' };

function customerIdsByEmail(): Map<string, string> {
  return new Map(h.stripe.list('customer').map((customer) => [String(customer.email), String(customer.id)]));
}

test('a run continued by a second worker still lists every item the first worker sent as sent, with its Stripe id', async () => {
  const key = google.createServiceAccount('runner');
  const spreadsheetId = google.createSpreadsheet({
    title: 'Leads',
    sheets: { Leads: [['Email', 'Name'], ...people.map((p) => [p.email, p.name])] },
    sharedWith: [key.client_email],
  });
  const sheets = await insertAccount(h.database.db, h.workspaceId, 'google-sheets', { serviceAccountKey: JSON.stringify(key) });
  const connectionId = await insertConnection(h.database.db, h.workspaceId, {
    source_connector: 'google-sheets',
    source_trigger: 'new-row',
    source_account_id: sheets,
    source_options: { spreadsheetId, sheet: 'Leads', startFrom: 'beginning' },
    destination_connector: 'stripe',
    destination_action: 'create-customer',
    destination_account_id: h.stripeAccountId,
    destination_options: alwaysCreate,
    mapping: { email: '{{Email}}', name: '{{Name}}' },
  });
  const queued = (await enqueueRun(h.database.db, { workspaceId: h.workspaceId, connectionId, trigger: 'manual' }))!;
  // The first worker sends about a third, records it and hands the run back (as on
  // SIGTERM); the second reads the sheet again from the start and finishes.
  const first = (await claimRun(h.database.db, 'worker-1', { leaseSeconds: 30, staleSeconds: 3, maxTakeovers: 3 }))!;
  const end = await executeRun(h.deps, first, {
    workerId: 'worker-1',
    shouldStop: () => h.stripe.list('customer').length >= 100,
  });
  expect(end.status).toBe('released');
  const sentByFirst = (await itemsOf(h, queued.id)).filter((item) => item.status === 'sent').length;
  expect(sentByFirst).toBeGreaterThanOrEqual(100);

  await createWorker(h.deps).drain();

  const run = await getRun(h.database.db, queued.id);
  expect(run).toMatchObject({ status: 'succeeded', items_total: 300, items_sent: 300, items_skipped: 0, attempt: 2 });
  const byEmail = customerIdsByEmail();
  expect(byEmail.size).toBe(300);
  for (const item of await itemsOf(h, queued.id)) {
    expect({ status: item.status, id: item.destination_object_id }).toEqual({
      status: 'sent',
      id: byEmail.get(String(item.mapped?.email)),
    });
  }
});

test('after an auth failure every item is listed: failed where Stripe refused it, not attempted where it never asked', async () => {
  const connectionId = await webhookConnection(
    h,
    'create-customer',
    { email: '{{email}}', name: '{{name}}' },
    people,
    alwaysCreate,
  );
  // The key is revoked in the middle of the run.
  const revoke = setInterval(() => {
    if (h.stripe.list('customer').length >= 60) h.stripe.revokeKey(STRIPE_KEY);
  }, 5);
  const first = await runOnce(h, connectionId).finally(() => clearInterval(revoke));

  expect(first).toMatchObject({ status: 'failed', error: expect.objectContaining({ kind: 'auth' }) });
  const items = await itemsOf(h, first.id);
  expect(items).toHaveLength(300);
  expect(first.items_sent + first.items_failed + first.items_not_attempted).toBe(300);
  const asked = new Set(h.stripe.requests.map((request) => request.idempotencyKey));
  for (const item of items) {
    const askedStripe = asked.has(idempotencyKey(connectionId, item.item_key, 'create-customer'));
    if (item.status === 'failed') {
      expect({ kind: item.error?.kind, askedStripe }).toEqual({ kind: 'auth', askedStripe: true });
    } else if (item.status === 'not_attempted') {
      expect({ attempts: item.attempts, askedStripe }).toEqual({ attempts: 0, askedStripe: false });
    } else {
      expect(item.status).toBe('sent');
    }
  }
  expect(first.items_not_attempted).toBeGreaterThan(0);

  // A new key: the next run sends what was refused or not attempted, each once.
  await h.database
    .db('accounts')
    .where({ id: h.stripeAccountId })
    .update({ credentials_encrypted: encryptJson({ secretKey: 'sk_test_runner_new_4242' }, TEST_SECRET_KEY) });
  const second = await runOnce(h, connectionId);

  expect(second).toMatchObject({ status: 'succeeded', items_sent: 300 - first.items_sent });
  expect([...customerIdsByEmail().keys()].sort()).toEqual(people.map((p) => p.email).sort());
  expect(h.stripe.list('customer')).toHaveLength(300);
});
