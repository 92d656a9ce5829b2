// Webhook -> Stripe through the API and the /hooks ingress: payloads posted to the
// connection's URL become Stripe customers; failed items are retried after a fix.
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
  stripeAccount = await addAccount(owner, 'stripe', 'Test', { secretKey: 'sk_test_hookFlow12345678' });
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});

const webhookConnection = (name: string, mapping: Record<string, string>) => ({
  name,
  source: { connector: 'webhook', trigger: 'new-payload', options: {} },
  destination: { connector: 'stripe', action: 'create-customer', account: stripeAccount, options: { onExistingEmail: 'create' } },
  mapping,
  schedule: { type: 'interval', minutes: 5 },
  enabled: true,
});

/** The path part of a webhook URL, to post to through supertest. */
const hookPath = (webhookUrl: string) => new URL(webhookUrl).pathname;

describe('a webhook -> Stripe create-customer connection', () => {
  it('gets a URL, discovers the fields of the payloads it receives, and turns each payload into a customer', async () => {
    const created = await owner
      .post('/api/connections')
      .send(
        webhookConnection('Signups -> Stripe', {
          email: '{{customer.email}}',
          name: '{{customer.name}}',
          'metadata.plan': '{{plan}}',
        }),
      )
      .expect(201);
    const { id, webhookUrl } = created.body;
    expect(webhookUrl).toMatch(/^https:\/\/tributary\.example\.com\/hooks\/[A-Za-z0-9_-]{22,}$/);
    expect((await owner.get(`/api/connections/${id}/webhook/payloads`).expect(200)).body).toEqual({
      payloads: [],
      fields: [],
      waiting: true,
    });

    for (const [email, name, plan] of [
      ['ann@example.com', 'Ann Lee', 'pro'],
      ['bob@example.com', 'Bob Ray', 'basic'],
    ]) {
      const answer = await request(api.app).post(hookPath(webhookUrl)).send({ customer: { email, name }, plan }).expect(200);
      expect(answer.body).toMatchObject({ received: true, id: expect.anything() });
    }
    const preview = await owner.post(`/api/connections/${id}/preview`).send({}).expect(200);
    expect(preview.body.fromSampleData).toBe(false);
    expect(preview.body.fields).toEqual(expect.arrayContaining(['customer.email', 'customer.name', 'plan']));
    expect(preview.body.items.map((item: { input: object }) => item.input)).toContainEqual({
      email: 'ann@example.com',
      name: 'Ann Lee',
      metadata: { plan: 'pro' },
    });

    const queued = await owner.post(`/api/connections/${id}/run`).expect(202);
    await api.engine.worker.drain();
    expect((await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body).toMatchObject({
      status: 'succeeded',
      itemsSent: 2,
      itemsFailed: 0,
    });
    expect(stripe.list('customer').map((c) => [c.email, c.name])).toEqual([
      ['ann@example.com', 'Ann Lee'],
      ['bob@example.com', 'Bob Ray'],
    ]);

    // The same delivery again (same Idempotency-Key) and a run: nothing new in Stripe.
    await request(api.app)
      .post(hookPath(webhookUrl))
      .set('Idempotency-Key', 'evt-1')
      .send({ customer: { email: 'cy@example.com', name: 'Cy' }, plan: 'pro' })
      .expect(200);
    await request(api.app)
      .post(hookPath(webhookUrl))
      .set('Idempotency-Key', 'evt-1')
      .send({ customer: { email: 'cy@example.com', name: 'Cy' }, plan: 'pro' })
      .expect(200);
    const second = await owner.post(`/api/connections/${id}/run`).expect(202);
    await api.engine.worker.drain();
    expect((await owner.get(`/api/runs/${second.body.id}`).expect(200)).body).toMatchObject({
      status: 'succeeded',
      itemsSent: 1,
    });
    expect(stripe.list('customer')).toHaveLength(3);
  });

  it('fails an item whose mapped value is invalid, and sends it after the mapping is fixed and the failed items retried', async () => {
    stripe.reset();
    const created = await owner
      .post('/api/connections')
      .send(webhookConnection('Form -> Stripe', { email: '{{mail}}' }))
      .expect(201);
    const { id, webhookUrl } = created.body;
    await request(api.app).post(hookPath(webhookUrl)).send({ mail: 'dee@example.com' }).expect(200);
    await request(api.app).post(hookPath(webhookUrl)).send({ mail: 'eve at example.com' }).expect(200);

    const queued = await owner.post(`/api/connections/${id}/run`).expect(202);
    await api.engine.worker.drain();
    const run = (await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body;
    expect(run).toMatchObject({ status: 'partial', itemsSent: 1, itemsFailed: 1 });
    const failed = (await owner.get(`/api/runs/${queued.body.id}/items?status=failed`).expect(200)).body.items;
    expect(failed).toHaveLength(1);
    expect(failed[0].source).toEqual({ mail: 'eve at example.com' });
    expect(JSON.stringify(failed[0].error)).toContain('eve at example.com');

    const edited = { ...webhookConnection('Form -> Stripe', { email: '{{ $replace(mail, " at ", "@") }}' }) };
    await owner.put(`/api/connections/${id}`).send(edited).expect(200);
    const retry = await owner.post(`/api/runs/${queued.body.id}/retry-failed`).expect(202);
    expect(retry.body.run).toMatchObject({ trigger: 'retry', retryOfRunId: queued.body.id, status: 'queued' });
    await api.engine.worker.drain();
    expect((await owner.get(`/api/runs/${retry.body.id}`).expect(200)).body).toMatchObject({
      status: 'succeeded',
      itemsSent: 1,
      itemsFailed: 0,
    });
    expect(stripe.list('customer').map((c) => c.email)).toEqual(['dee@example.com', 'eve@example.com']);
  });
});
