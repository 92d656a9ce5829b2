// A mapping is made step by step in the wizard: a destination saves before its mapping
// exists, a preview shows what is mapped so far, and a placeholder naming a field the
// source does not have is pointed out.
import request from 'supertest';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let account: string;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url, publicUrl: 'https://tributary.example.com' } });
  owner = await setupOwner(api.app);
  account = await addAccount(owner, 'stripe', 'Stripe', { secretKey: 'sk_test_mappingDrafts4242' });
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});

const draft = (action: string, mapping: Record<string, string> = {}) => ({
  name: `Orders -> ${action}`,
  source: { connector: 'webhook', trigger: 'new-payload', options: {} },
  destination: { connector: 'stripe', action, account, options: {} },
  mapping,
  schedule: null,
  runAfter: null,
  enabled: false,
});

/** A webhook connection that has received one order payload. */
async function withPayload(action: string, mapping: Record<string, string> = {}): Promise<string> {
  const created = await owner.post('/api/connections').send(draft(action, mapping)).expect(201);
  await request(api.app)
    .post(new URL(created.body.webhookUrl).pathname)
    .send({ email: 'ann@example.com', total: '12.50', note: 'First order' })
    .expect(200);
  return created.body.id;
}

describe('a destination chosen before its mapping is made', () => {
  it.each(['add-invoice-item', 'create-invoice'])('%s saves with no mapping yet', async (action) => {
    const saved = await owner.post('/api/connections').send(draft(action)).expect(201);
    expect(saved.body.destination).toMatchObject({ action, account });
  });

  it('is refused when turned on while a required input is still unmapped, naming the input', async () => {
    const saved = await owner.post('/api/connections').send(draft('add-invoice-item')).expect(201);
    const refused = await owner.post(`/api/connections/${saved.body.id}/enable`).expect(400);
    expect(refused.body.error.details.fields).toContainEqual({
      field: 'mapping.customer',
      message: 'customer: is required; map a source field or enter a value',
    });
  });
});

describe('the preview of a mapping being made', () => {
  it('shows the inputs mapped so far, and the required input still missing as a problem of the item', async () => {
    const id = await withPayload('add-invoice-item');
    const preview = await owner
      .post(`/api/connections/${id}/preview`)
      .send({ mapping: { description: '{{note}}', amount: '{{total}}', currency: 'eur' } })
      .expect(200);
    const [item] = preview.body.items;
    expect(item.input).toEqual({ description: 'First order', amount: 1250, currency: 'eur' });
    expect(item.errors).toEqual([
      { field: 'customer', message: 'customer: is required; map a source field or enter a value', value: null },
    ]);
  });

  it('warns about a placeholder naming a field the source does not have, listing the fields it has', async () => {
    const id = await withPayload('create-customer', { email: '{{email}}' });
    const preview = await owner
      .post(`/api/connections/${id}/preview`)
      .send({ mapping: { email: '{{email}}', phone: '{{Phone number}}' } })
      .expect(200);
    expect(preview.body.warnings).toEqual([
      {
        field: 'phone',
        message:
          '{{Phone number}} is not a field of the source, so it stays empty. The source\u2019s fields: note, email, total.',
      },
    ]);
    expect(preview.body.items[0].input).toEqual({ email: 'ann@example.com' });
  });
});
