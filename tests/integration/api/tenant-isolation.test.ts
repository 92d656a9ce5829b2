// Another workspace's connections and runs answer 404 on every route, with nothing of
// theirs in the body, and stay exactly as they were.
import request from 'supertest';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, LoggedIn, otherTenant, setupOwner, startTestApi, TestApi } from '../../support/api';

let stripe: StripeEmulator;
let api: TestApi;
let victim: LoggedIn;
let intruder: LoggedIn;
const victimIds: Record<string, string> = {};
/** Texts that only the victim's data contains; none may reach the intruder. */
const secrets: string[] = [];

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url } });
  victim = await setupOwner(api.app);
  intruder = await otherTenant(api);
  const account = await addAccount(victim, 'stripe', 'Victim Stripe', { secretKey: 'sk_test_victimKey12345678' });
  const created = (
    await victim
      .post('/api/connections')
      .send({
        name: 'Victim payroll feed',
        source: { connector: 'webhook', trigger: 'new-payload' },
        destination: { connector: 'stripe', action: 'create-customer', account, options: {} },
        mapping: { email: '{{email}}', 'metadata.team': 'victim-team-marker' },
        schedule: { type: 'interval', minutes: 30 },
        enabled: true,
      })
      .expect(201)
  ).body;
  victimIds.connection = created.id;
  await request(api.app).post(new URL(created.webhookUrl).pathname).send({ email: 'ceo@victim.example' }).expect(200);
  await request(api.app).post(new URL(created.webhookUrl).pathname).send({ email: 'not an email' }).expect(200);
  victimIds.run = (await victim.post(`/api/connections/${created.id}/run`).expect(202)).body.id;
  await api.engine.worker.drain();
  const run = (await victim.get(`/api/runs/${victimIds.run}`).expect(200)).body;
  expect(run).toMatchObject({ itemsSent: 1, itemsFailed: 1 });
  victimIds.item = (await victim.get(`/api/runs/${victimIds.run}/items`).expect(200)).body.items[0].id;
  secrets.push(
    created.id,
    victimIds.run,
    'Victim payroll feed',
    'victim-team-marker',
    'ceo@victim.example',
    new URL(created.webhookUrl).pathname.split('/').pop()!,
  );
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});

async function victimState() {
  const db = api.database.db;
  return {
    connections: await db('connections').orderBy('id').select(),
    runs: await db('runs').orderBy('id').select(),
    items: await db('run_items').count('* as n').first(),
    inbox: await db('webhook_inbox').orderBy('id').select('id', 'processed_at'),
    customers: stripe.list('customer').length,
  };
}

const document = {
  name: 'Taken over',
  source: { connector: 'webhook', trigger: 'new-payload' },
  enabled: false,
};

/** Every route that takes a connection or run id, with a body where it needs one. */
const routes: Array<{ method: 'get' | 'post' | 'put' | 'delete'; path: string; body?: object }> = [
  { method: 'get', path: '/api/connections/:connection' },
  { method: 'put', path: '/api/connections/:connection', body: document },
  { method: 'delete', path: '/api/connections/:connection' },
  { method: 'post', path: '/api/connections/:connection/enable' },
  { method: 'post', path: '/api/connections/:connection/disable' },
  { method: 'post', path: '/api/connections/:connection/preview', body: {} },
  { method: 'post', path: '/api/connections/:connection/test-send', body: {} },
  { method: 'post', path: '/api/connections/:connection/run' },
  { method: 'get', path: '/api/connections/:connection/export' },
  { method: 'get', path: '/api/connections/:connection/runs' },
  { method: 'get', path: '/api/connections/:connection/stats' },
  { method: 'get', path: '/api/connections/:connection/webhook/payloads' },
  { method: 'post', path: '/api/connections/:connection/webhook/register', body: {} },
  { method: 'get', path: '/api/connections/:connection/samples' },
  { method: 'post', path: '/api/connections/:connection/webhook/register', body: {} },
  { method: 'get', path: '/api/runs/:run' },
  { method: 'get', path: '/api/runs/:run/items' },
  { method: 'get', path: '/api/runs/:run/items?status=failed' },
  { method: 'post', path: '/api/runs/:run/retry-failed' },
  { method: 'post', path: '/api/runs/:run/items/:item/send' },
];

const fill = (path: string) =>
  path.replace(':connection', victimIds.connection!).replace(':run', victimIds.run!).replace(':item', victimIds.item!);

describe('another workspace’s connections and runs', () => {
  it.each(routes)('$method $path answers 404 with nothing of theirs', async (route) => {
    const before = await victimState();
    const call = { get: intruder.get, post: intruder.post, put: intruder.put, delete: intruder.del }[route.method](
      fill(route.path),
    );
    const response = route.body ? await call.send(route.body) : await call;

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    for (const secret of secrets) expect(JSON.stringify(response.body)).not.toContain(secret);
    expect(await victimState()).toEqual(before);
  });

  it('covers every route of the OpenAPI document that takes a connection or run id', async () => {
    const paths = Object.keys((await request(api.app).get('/api/openapi.json').expect(200)).body.paths);
    const walked = new Set(
      routes.map((r) =>
        r.path.replace(/\?.*$/, '').replace(':connection', '{id}').replace(':run', '{id}').replace(':item', '{itemId}'),
      ),
    );
    const withIds = paths.filter((path) => /^\/api\/(connections|runs)\/\{id\}/.test(path));
    expect(withIds.length).toBeGreaterThanOrEqual(walked.size);
    expect(withIds.filter((path) => !walked.has(path))).toEqual([]);
  });

  it('lists none of them, and cannot point a new connection after one of them', async () => {
    const listed = await intruder.get('/api/connections').expect(200);
    expect(listed.body.connections).toEqual([]);
    const refused = await intruder
      .post('/api/connections')
      .send({ ...document, runAfter: victimIds.connection })
      .expect(400);
    expect(refused.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['runAfter']);
    for (const secret of secrets.slice(1)) expect(JSON.stringify(refused.body)).not.toContain(secret);
    expect(await api.database.db('connections').where({ workspace_id: intruder.workspaceId }).count('* as n').first()).toEqual({
      n: 0,
    });
  });

  it('leaves the owner’s own access working', async () => {
    await victim.get(`/api/connections/${victimIds.connection}`).expect(200);
    await victim.get(`/api/runs/${victimIds.run}/items`).expect(200);
  });
});
