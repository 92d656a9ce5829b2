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
  const created = await owner.post('/api/connections').send(protectedHook({ secret: SECRET })).expect(201);
  const path = new URL(created.body.webhookUrl).pathname;
  const shown = JSON.stringify([created.body, (await owner.get(`/api/connections/${created.body.id}`)).body, (await owner.get(`/api/connections/${created.body.id}/export`)).body]);
  expect(shown).not.toContain(SECRET);

  const body = JSON.stringify({ order: 17 });
  await request(api.app).post(path).set('content-type', 'application/json').send(body).expect(401);
  await request(api.app).post(path).set('content-type', 'application/json').set('X-Signature-256', 'sha256=' + 'a'.repeat(64)).send(body).expect(401);
  const signature = crypto.createHmac('sha256', SECRET).update(body).digest('hex');
  await request(api.app).post(path).set('content-type', 'application/json').set('X-Signature-256', `sha256=${signature}`).send(body).expect(200);

  // Saving again without the secret keeps the one stored.
  await owner.put(`/api/connections/${created.body.id}`).send({ ...protectedHook({}), name: 'Signed orders (renamed)' }).expect(200);
  await request(api.app).post(path).set('content-type', 'application/json').set('X-Signature-256', `sha256=${signature}`).send(body).expect(200);
  expect(await api.database.db('webhook_inbox').count('* as n')).toEqual([{ n: 2 }]);
});

test('protection without a secret is refused, naming the field, and nothing is stored', async () => {
  const before = await api.database.db('connections').count('* as n');
  const answer = await owner.post('/api/connections').send(protectedHook({})).expect(400);
  expect(answer.body.error.details.fields).toEqual([expect.objectContaining({ field: 'source.options.secret' })]);
  expect(await api.database.db('connections').count('* as n')).toEqual(before);
});
