// A webhook connection's delivery limit is one of its source options: validated when
// saved, filled with its default, and applied to deliveries at its URL.
import request from 'supertest';
import { LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let api: TestApi;
let owner: LoggedIn;

beforeAll(async () => {
  api = await startTestApi({ config: { publicUrl: 'https://tributary.example.com' } });
  owner = await setupOwner(api.app);
});
afterAll(async () => {
  await api.drop();
});

const hook = (options: Record<string, unknown>) => ({
  name: 'Shop orders',
  source: { connector: 'webhook', trigger: 'new-payload', options },
  destination: null,
  enabled: false,
});

test('a new webhook connection gets the default limit of 200 deliveries per second with a burst of 1,000', async () => {
  const created = await owner.post('/api/connections').send(hook({})).expect(201);
  expect(created.body.source.options).toMatchObject({ deliveriesPerSecond: 200, deliveryBurst: 1000 });
});

test.each([
  ['deliveriesPerSecond', 0],
  ['deliveriesPerSecond', 2.5],
  ['deliveryBurst', 0],
  ['deliveryBurst', 'lots'],
])('%s = %p is refused, naming the field, and nothing is saved', async (option, value) => {
  const before = await api.database.db('connections').count('* as n');
  const answer = await owner
    .post('/api/connections')
    .send(hook({ [option]: value }))
    .expect(400);
  expect(answer.body.error.details.fields).toEqual([expect.objectContaining({ field: `source.options.${option}` })]);
  expect(await api.database.db('connections').count('* as n')).toEqual(before);
});

test('the saved limit is what the connection’s URL enforces', async () => {
  const created = await owner
    .post('/api/connections')
    .send(hook({ deliveriesPerSecond: 1, deliveryBurst: 3 }))
    .expect(201);
  const path = new URL(created.body.webhookUrl).pathname;

  const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => request(api.app).post(path).send({ i })));

  // Three at once, and at most one more if a second passed while they were answered.
  const accepted = answers.filter((answer) => answer.status === 200).length;
  expect(accepted).toBeGreaterThanOrEqual(3);
  expect(accepted).toBeLessThanOrEqual(4);
  expect(answers.filter((answer) => answer.status === 429).length).toBe(8 - accepted);
});
