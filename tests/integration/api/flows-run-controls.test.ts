// Export and import, "run after" chains, deleting, and "run now" through the API.
import request from 'supertest';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let stripeAccount: string;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url } });
  owner = await setupOwner(api.app);
  stripeAccount = await addAccount(owner, 'stripe', 'Test', { secretKey: 'sk_test_controls12345678' });
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});

const connection = (name: string, extra: object = {}) => ({
  name,
  source: { connector: 'webhook', trigger: 'new-payload', options: { protection: 'none' } },
  destination: { connector: 'stripe', action: 'create-customer', account: stripeAccount, options: { onExistingEmail: 'reuse' } },
  mapping: { email: '{{email}}', 'metadata.origin': 'webhook' },
  schedule: { type: 'times', times: ['09:00', '17:30'], timezone: 'Europe/Berlin' },
  enabled: false,
  ...extra,
});
const create = async (name: string, extra: object = {}) =>
  (await owner.post('/api/connections').send(connection(name, extra)).expect(201)).body;
const runsOf = async (id: string) => (await owner.get(`/api/connections/${id}/runs`).expect(200)).body.runs;

describe('export and import', () => {
  it('imports an exported connection as a new, switched-off copy that exports the same document', async () => {
    const original = await create('Exported', { enabled: true });
    const exported = (await owner.get(`/api/connections/${original.id}/export`).expect(200)).body;
    // Options come back with their defaults filled in, so the document says what runs.
    expect(exported).toMatchObject({ ...connection('Exported', { enabled: true }), runAfter: null });
    expect(exported.source.options).toEqual({
      protection: 'none',
      instant: false,
      secretHeader: 'X-Webhook-Secret',
      signatureHeader: 'X-Signature-256',
      deliveriesPerSecond: 200,
      deliveryBurst: 1000,
    });

    const imported = (await owner.post('/api/connections/import').send(exported).expect(201)).body;
    expect(imported.id).not.toBe(original.id);
    expect(imported.enabled).toBe(false);
    expect(imported.webhookUrl).not.toBe(original.webhookUrl);
    const reexported = (await owner.get(`/api/connections/${imported.id}/export`).expect(200)).body;
    expect(reexported).toEqual({ ...exported, enabled: false });
    const names = (await owner.get('/api/connections').expect(200)).body.connections.map((c: { name: string }) => c.name);
    expect(names.filter((name: string) => name === 'Exported')).toHaveLength(2);
  });
});

describe('run after', () => {
  it('saves a chain, runs the second connection right after the first, and refuses a loop naming it', async () => {
    const first = await create('A', { enabled: true });
    const second = await create('B', { enabled: true, runAfter: first.id, schedule: null });
    expect(second).toMatchObject({ runAfter: first.id, nextRunAt: null });

    const looped = await owner
      .put(`/api/connections/${first.id}`)
      .send(connection('A', { enabled: true, runAfter: second.id }))
      .expect(400);
    expect(looped.body.error.code).toBe('validation_failed');
    expect(looped.body.error.message).toContain('A -> B -> A');
    expect(looped.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['runAfter']);
    expect((await owner.get(`/api/connections/${first.id}`).expect(200)).body.runAfter).toBeNull();

    const firstRun = await owner.post(`/api/connections/${first.id}/run`).expect(202);
    await api.engine.worker.drain();
    const [after] = await runsOf(second.id);
    expect(after).toMatchObject({ trigger: 'after', afterRunId: firstRun.body.id, status: 'succeeded' });
  });

  it('refuses to delete a connection another runs after, naming it, and deletes it once the chain is undone', async () => {
    const first = await create('Upstream');
    const second = await create('Downstream', { runAfter: first.id, schedule: null });
    const refused = await owner.del(`/api/connections/${first.id}`).expect(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.error.message).toContain('"Downstream"');
    expect(refused.body.error.details.connections).toEqual([{ id: second.id, name: 'Downstream' }]);
    await owner.get(`/api/connections/${first.id}`).expect(200);

    await owner
      .put(`/api/connections/${second.id}`)
      .send(connection('Downstream', { runAfter: null }))
      .expect(200);
    await owner.del(`/api/connections/${first.id}`).expect(204);
    await owner.get(`/api/connections/${first.id}`).expect(404);
  });
});

describe('run now', () => {
  it('runs a switched-off connection, and a second "run now" answers with the run already queued', async () => {
    const off = await create('Switched off');
    await request(api.app).post(new URL(off.webhookUrl).pathname).send({ email: 'zed@example.com' }).expect(200);

    const queued = await owner.post(`/api/connections/${off.id}/run`).expect(202);
    expect(queued.body).toMatchObject({ created: true, run: { status: 'queued', trigger: 'manual' } });
    const again = await owner.post(`/api/connections/${off.id}/run`).expect(200);
    expect(again.body).toMatchObject({ id: queued.body.id, created: false });
    expect(await runsOf(off.id)).toHaveLength(1);

    await api.engine.worker.drain();
    expect((await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body).toMatchObject({
      status: 'succeeded',
      itemsSent: 1,
    });
    expect(stripe.list('customer').map((c) => c.email)).toContain('zed@example.com');
    expect((await owner.get(`/api/connections/${off.id}`).expect(200)).body).toMatchObject({ enabled: false, nextRunAt: null });
  });

  it('refuses to retry a run while the connection has another run queued, naming that run', async () => {
    const busy = await create('Busy');
    const done = await owner.post(`/api/connections/${busy.id}/run`).expect(202);
    await api.engine.worker.drain();
    const queued = await owner.post(`/api/connections/${busy.id}/run`).expect(202);
    const refused = await owner.post(`/api/runs/${done.body.id}/retry-failed`).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', details: { runId: queued.body.id } });
    await api.engine.worker.drain();
  });
});
