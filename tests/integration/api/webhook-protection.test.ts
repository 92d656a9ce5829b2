// A protected webhook: the secret is given once, stored sealed, never shown again, and
// deliveries without the right signature are refused.
import crypto from 'node:crypto';
import request from 'supertest';
import { LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let api: TestApi;
let owner: LoggedIn;
const SECRET = 'whsec-very-secret-value-4242';

beforeAll(async () => {
  api = await startTestApi({ config: { publicUrl: 'https://tributary.example.com' } });
  owner = await setupOwner(api.app);
});
afterAll(async () => {
  await api.drop();
});

const protectedHook = (options: Record<string, unknown>) => ({
  name: 'Signed orders',
  source: { connector: 'webhook', trigger: 'new-payload', options: { protection: 'hmac-sha256', ...options } },
  destination: null,
  enabled: false,
});

test('a signed webhook keeps its secret out of every response and accepts only signed bodies', async () => {
  const created = await owner
    .post('/api/connections')
    .send(protectedHook({ secret: SECRET }))
    .expect(201);
  const path = new URL(created.body.webhookUrl).pathname;
  const shown = JSON.stringify([
    created.body,
    (await owner.get(`/api/connections/${created.body.id}`)).body,
    (await owner.get(`/api/connections/${created.body.id}/export`)).body,
  ]);
  expect(shown).not.toContain(SECRET);

  const body = JSON.stringify({ order: 17 });
  await request(api.app).post(path).set('content-type', 'application/json').send(body).expect(401);
  await request(api.app)
    .post(path)
    .set('content-type', 'application/json')
    .set('X-Signature-256', 'sha256=' + 'a'.repeat(64))
    .send(body)
    .expect(401);
  const signature = crypto.createHmac('sha256', SECRET).update(body).digest('hex');
  await request(api.app)
    .post(path)
    .set('content-type', 'application/json')
    .set('X-Signature-256', `sha256=${signature}`)
    .send(body)
    .expect(200);

  // Saving again without the secret keeps the one stored.
  await owner
    .put(`/api/connections/${created.body.id}`)
    .send({ ...protectedHook({}), name: 'Signed orders (renamed)' })
    .expect(200);
  const nextBody = JSON.stringify({ order: 18 });
  await request(api.app)
    .post(path)
    .set('content-type', 'application/json')
    .set('X-Signature-256', crypto.createHmac('sha256', SECRET).update(nextBody).digest('hex'))
    .send(nextBody)
    .expect(200);
  expect(await api.database.db('webhook_inbox').count('* as n')).toEqual([{ n: 2 }]);
});

test('protection without a secret is refused, naming the field, and nothing is stored', async () => {
  const before = await api.database.db('connections').count('* as n');
  const answer = await owner.post('/api/connections').send(protectedHook({})).expect(400);
  expect(answer.body.error.details.fields).toEqual([expect.objectContaining({ field: 'source.options.secret' })]);
  expect(await api.database.db('connections').count('* as n')).toEqual(before);
});

test('an "instant" webhook connection queues a run as soon as a payload is stored', async () => {
  const created = await owner
    .post('/api/connections')
    .send({
      name: 'Instant hook',
      source: { connector: 'webhook', trigger: 'new-payload', options: { instant: true } },
      destination: null,
      enabled: false,
    })
    .expect(201);
  const path = new URL(created.body.webhookUrl).pathname;
  const runsOf = async () =>
    (await api.database.db('runs').where({ connection_id: created.body.id }).select('trigger')) as Array<{ trigger: string }>;

  // Switched off: the payload is kept for later, no run starts.
  await request(api.app).post(path).send({ order: 1 }).expect(200);
  await new Promise((resolve) => setImmediate(resolve));
  expect(await runsOf()).toEqual([]);

  await api.database.db('connections').where({ id: created.body.id }).update({ enabled: true });
  await new Promise((resolve) => setTimeout(resolve, 1100)); // the hook's connection cache lives 1 s
  await request(api.app).post(path).send({ order: 2 }).expect(200);
  const deadline = Date.now() + 5000;
  while ((await runsOf()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await runsOf()).toEqual([{ trigger: 'webhook' }]);
});
