import request from 'supertest';
import { LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';
import { GOOD_KEY, testConnectors } from './fake-connector';

let api: TestApi;
let owner: LoggedIn;
beforeAll(async () => {
  api = await startTestApi({ connectors: testConnectors });
  owner = await setupOwner(api.app);
});
afterAll(() => api.drop());

describe('the connector catalog', () => {
  it('lists each system with its account schema (secrets writeOnly), triggers, actions, schemas and sample data', async () => {
    const response = await owner.get('/api/connectors').expect(200);
    const byName = Object.fromEntries(response.body.connectors.map((c: { name: string }) => [c.name, c]));
    expect(byName.webhook).toMatchObject({ account: null, actions: [], triggers: [{ name: 'new-payload', kind: 'push' }] });
    expect(byName.webhook.triggers[0].sampleData[0]).toHaveProperty('email');
    const crm = byName['fake-crm'];
    expect(crm.account.schema.properties.apiKey.writeOnly).toBe(true);
    expect(crm.actions[0]).toMatchObject({
      name: 'add-contact',
      inputSchema: { properties: { email: { format: 'email' } } },
      dynamicOptions: { tag: { dependsOn: ['list'] } },
      sampleData: { id: 'c_1' },
    });
  });

  it('needs a login', async () => {
    await request(api.app).get('/api/connectors').expect(401);
  });

  it('loads the choices of a dependent option with an account of the workspace', async () => {
    const account = await owner
      .post('/api/accounts')
      .send({ connector: 'fake-crm', name: 'CRM', credentials: { apiKey: GOOD_KEY } });
    const response = await owner
      .post('/api/connectors/fake-crm/options/tag')
      .send({ action: 'add-contact', account: account.body.id, options: { list: 'customers' } })
      .expect(200);
    expect(response.body).toEqual({ choices: [{ value: 'customers-vip', label: 'VIP' }] });
  });
});

describe('the catalog of the connectors the product ships', () => {
  it('marks the Stripe secret key writeOnly and lists Stripe actions with their input schemas', async () => {
    const shipped = await startTestApi();
    try {
      const person = await setupOwner(shipped.app);
      const response = await person.get('/api/connectors').expect(200);
      const stripe = response.body.connectors.find((c: { name: string }) => c.name === 'stripe');
      expect(stripe.account.schema.properties.secretKey.writeOnly).toBe(true);
      expect(stripe.actions.map((a: { name: string }) => a.name)).toContain('create-customer');
      expect(stripe.actions[0].inputSchema.type).toBe('object');
    } finally {
      await shipped.drop();
    }
  });
});
