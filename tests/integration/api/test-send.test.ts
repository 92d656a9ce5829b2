// Issue 12.4: "Send test data to Stripe" with a real payload, then "Run now", billed the
// payload twice. A test send of a real source item is that item's delivery; a test send
// of sample data is marked as a test in Stripe and in the run log.
import request from 'supertest';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let stripeAccount: string;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url, publicUrl: 'https://tributary.example.com' } });
  owner = await setupOwner(api.app);
  stripeAccount = await addAccount(owner, 'stripe', 'Test', { secretKey: 'sk_test_testSend12345678' });
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});
beforeEach(() => stripe.reset());

/** Webhook -> Add Invoice Item, creating the customer of a new email. */
async function invoiceItemConnection(name: string): Promise<{ id: string; hook: string }> {
  const created = await owner
    .post('/api/connections')
    .send({
      name,
      source: { connector: 'webhook', trigger: 'new-payload', options: {} },
      destination: {
        connector: 'stripe',
        action: 'add-invoice-item',
        account: stripeAccount,
        options: { createMissingCustomer: true },
      },
      mapping: { customer: '{{email}}', amount: '{{amount}}', currency: 'eur', description: '{{item}}' },
      schedule: { type: 'interval', minutes: 60 },
      enabled: false,
    })
    .expect(201);
  return { id: created.body.id, hook: new URL(created.body.webhookUrl).pathname };
}

async function runNow(connectionId: string) {
  const queued = await owner.post(`/api/connections/${connectionId}/run`).expect(202);
  await api.engine.worker.drain();
  return (await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body;
}

async function runsOf(connectionId: string): Promise<Array<{ id: string; trigger: string; itemsSent: number }>> {
  return (await owner.get(`/api/connections/${connectionId}/runs`).expect(200)).body.runs;
}

test('a test send of a received payload, then "Run now": one invoice item, and the run skips the payload as already sent', async () => {
  const { id, hook } = await invoiceItemConnection('Orders -> invoice items');
  await request(api.app).post(hook).send({ email: 'ann@example.com', amount: '49.00', item: 'Pro plan' }).expect(200);

  const sent = await owner.post(`/api/connections/${id}/test-send`).send({}).expect(200);
  const run = await runNow(id);

  expect(stripe.list('invoiceitem').map((line) => [line.id, line.amount])).toEqual([[sent.body.objectId, 4900]]);
  expect(run).toMatchObject({ status: 'succeeded', itemsSent: 0, itemsSkipped: 1 });
  expect(sent.body).toMatchObject({ objectId: expect.stringMatching(/^ii_/), sampleData: false, alreadySent: false });
  const [item] = (await owner.get(`/api/runs/${run.id}/items`).expect(200)).body.items;
  expect(item).toMatchObject({ status: 'skipped', destinationObjectId: sent.body.objectId });
  // The test send is in the run log too, as a run of one item.
  const testRun = (await runsOf(id)).find((listed) => listed.trigger === 'test');
  expect(testRun).toMatchObject({ id: sent.body.runId, itemsSent: 1 });
});

test('a test send picks the recent item by its key, and the run sends only the others', async () => {
  const { id, hook } = await invoiceItemConnection('Picked item');
  for (const [email, item] of [
    ['a@example.com', 'first'],
    ['b@example.com', 'second'],
    ['c@example.com', 'third'],
  ]) {
    await request(api.app).post(hook).send({ email, amount: '10.00', item }).expect(200);
  }
  const samples = (await owner.get(`/api/connections/${id}/samples`).expect(200)).body.items as Array<{
    key: string;
    data: { item: string };
  }>;
  const second = samples.find((sample) => sample.data.item === 'second')!;

  const sent = await owner.post(`/api/connections/${id}/test-send`).send({ itemKey: second.key }).expect(200);
  const run = await runNow(id);

  expect(sent.body.item).toEqual({ key: second.key, source: { email: 'b@example.com', amount: '10.00', item: 'second' } });
  expect(run).toMatchObject({ itemsSent: 2, itemsSkipped: 1 });
  expect(
    stripe
      .list('invoiceitem')
      .map((line) => line.description)
      .sort(),
  ).toEqual(['first', 'second', 'third']);
});

test('a second test send of an item already sent sends nothing again', async () => {
  const { id, hook } = await invoiceItemConnection('Sent twice');
  await request(api.app).post(hook).send({ email: 'dee@example.com', amount: '5.00', item: 'once' }).expect(200);
  const first = await owner.post(`/api/connections/${id}/test-send`).send({}).expect(200);

  const again = await owner.post(`/api/connections/${id}/test-send`).send({}).expect(200);

  expect(again.body).toMatchObject({ alreadySent: true, objectId: first.body.objectId });
  expect(stripe.list('invoiceitem')).toHaveLength(1);
});

test('a test send of sample data is marked as a test in Stripe and in the run log, and is no delivery', async () => {
  const { id, hook } = await invoiceItemConnection('Nothing received yet');

  const sent = await owner.post(`/api/connections/${id}/test-send`).send({}).expect(200);

  expect(sent.body).toMatchObject({ sampleData: true, runId: expect.any(String) });
  const [line] = stripe.list('invoiceitem');
  expect(line).toMatchObject({ id: sent.body.objectId, metadata: { tributary_test: 'true' } });
  const [item] = (await owner.get(`/api/runs/${sent.body.runId}/items`).expect(200)).body.items;
  expect(item).toMatchObject({ status: 'sent', destinationObjectId: sent.body.objectId });
  expect(item.result.summary).toMatch(/^Test send of sample data: /);
  expect((await owner.get(`/api/runs/${sent.body.runId}`).expect(200)).body.trigger).toBe('test');

  // A real payload that happens to look like the sample is still sent by the next run.
  await request(api.app).post(hook).send(item.source).expect(200);
  expect(await runNow(id)).toMatchObject({ itemsSent: 1, itemsSkipped: 0 });
});

test('a test send of an item key that is not among the newest items is refused, naming the field', async () => {
  const { id, hook } = await invoiceItemConnection('Unknown key');
  await request(api.app).post(hook).send({ email: 'eve@example.com', amount: '1.00', item: 'x' }).expect(200);

  const refused = await owner.post(`/api/connections/${id}/test-send`).send({ itemKey: 'delivery:nope' }).expect(400);

  expect(refused.body.error).toMatchObject({ code: 'validation_failed', details: { fields: [{ field: 'itemKey' }] } });
  expect(refused.body.error.message).toMatch(/no recent item with the key "delivery:nope"/);
  expect(stripe.list('invoiceitem')).toHaveLength(0);
});
