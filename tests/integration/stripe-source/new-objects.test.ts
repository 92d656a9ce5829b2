// Stripe as a source, through the API, the runner and real HTTP to the Stripe emulator:
// new objects each reach the destination once, with major-unit amounts, even when many
// share one `created` second.
import { stripeSourceWorld, type StripeSourceWorld } from './harness';

let world: StripeSourceWorld;

beforeAll(async () => {
  world = await stripeSourceWorld();
});
beforeEach(() => {
  world.stripe.reset();
  world.rows.length = 0;
});
afterAll(() => world.close());

const connect = (options: Record<string, unknown>, mapping: Record<string, string>) =>
  world.connect('new-object', options, mapping);
const run = (connectionId: string) => world.run(connectionId);

describe('new Stripe objects', () => {
  test('charges in yen, dollars and dinars arrive with their amounts in major units and their dates in the workspace zone', async () => {
    await world.api.database.db('workspaces').update({ timezone: 'Asia/Tokyo' });
    world.stripe.clock.freeze(1_717_243_200); // 2024-06-01 12:00 UTC
    world.stripe.create('charge', 1, () => ({ amount: 1000, currency: 'jpy' }));
    world.stripe.create('charge', 1, () => ({ amount: 1250, currency: 'usd' }));
    world.stripe.create('charge', 1, () => ({ amount: 1500, currency: 'kwd' }));
    world.stripe.clock.resume();
    const id = await connect(
      { object: 'charges', startFrom: 'beginning' },
      { Id: '{{id}}', Amount: '{{amount_major}}', Currency: '{{currency}}', Created: '{{created_iso}}' },
    );

    const first = await run(id);

    expect(first).toMatchObject({ status: 'succeeded', itemsSent: 3, itemsFailed: 0 });
    expect(world.rows.map((row) => [row.Amount, row.Currency]).sort()).toEqual([
      ['1.500', 'kwd'],
      ['1000', 'jpy'],
      ['12.50', 'usd'],
    ]);
    expect(new Set(world.rows.map((row) => row.Created))).toEqual(new Set(['2024-06-01T21:00:00+09:00']));
    await world.api.database.db('workspaces').update({ timezone: 'UTC' });
  });

  test('the preview lists the readable fields first', async () => {
    world.stripe.create('charge', 1, () => ({ amount: 990, currency: 'eur' }));
    const id = await connect({ object: 'charges', startFrom: 'beginning' }, { Amount: '{{amount_major}}' });
    const preview = (await world.owner.post(`/api/connections/${id}/preview`).send({}).expect(200)).body;
    expect(preview.fromSampleData).toBe(false);
    expect(preview.fields.slice(0, 4)).toEqual(['amount_major', 'amount_captured_major', 'amount_refunded_major', 'created_iso']);
    expect(preview.items[0].input).toEqual({ Amount: '9.90' });
  });

  test('after a first run, two customers made in the same second as the last one read are sent, exactly those two', async () => {
    world.stripe.clock.freeze();
    const client = world.stripe.client(undefined, { maxNetworkRetries: 0 });
    const before = await client.customers.create({ email: 'before@example.com' });
    // Turned on "from now": what is there already is not sent.
    const id = await connect({ object: 'customers', startFrom: 'now' }, { Id: '{{id}}', Email: '{{email}}' });
    const early = await client.customers.create({ email: 'early@example.com' });
    const first = await run(id);
    expect(first.items.map((item) => item.itemKey)).toEqual([early.id]);

    // Same second as everything so far.
    const ann = await client.customers.create({ email: 'ann@example.com' });
    const bob = await client.customers.create({ email: 'bob@example.com' });
    expect(new Set([before.created, early.created, ann.created, bob.created]).size).toBe(1);

    const second = await run(id);

    expect(second).toMatchObject({ status: 'succeeded', itemsSent: 2, itemsSkipped: 0, itemsFailed: 0 });
    expect(second.items.map((item) => item.itemKey).sort()).toEqual([ann.id, bob.id].sort());
    expect(world.rows.map((row) => row.Email)).toEqual(['early@example.com', 'ann@example.com', 'bob@example.com']);

    world.stripe.clock.resume();
    const third = await run(id);
    expect(third).toMatchObject({ status: 'succeeded', itemsTotal: 0 });
  });

  test('a first read of more than one page pages with starting_after, 100 at a time, and sends every object once', async () => {
    world.stripe.clock.freeze(1_700_000_000);
    world.stripe.create('payout', 150, (i) => ({ amount: 100 + i, currency: 'usd', status: 'paid' }));
    world.stripe.clock.freeze(1_700_000_001);
    world.stripe.create('payout', 110, (i) => ({ amount: 1000 + i, currency: 'usd', status: i % 2 ? 'paid' : 'pending' }));
    world.stripe.clock.resume();
    const id = await connect(
      { object: 'payouts', startFrom: 'beginning', status: 'paid' },
      { Id: '{{id}}', Amount: '{{amount_major}}' },
    );
    const before = world.stripe.requests.length;

    const result = await run(id);

    expect(result).toMatchObject({ status: 'succeeded', itemsSent: 205, itemsFailed: 0 });
    expect(new Set(world.rows.map((row) => row.Id)).size).toBe(205);
    const lists = world.stripe.requests.slice(before).filter((r) => r.method === 'GET' && r.path === '/v1/payouts');
    expect(lists.map((r) => r.params.limit)).toEqual(['100', '100', '100']);
    expect(lists.map((r) => 'starting_after' in r.params)).toEqual([false, true, true]);
    expect(lists.every((r) => r.params.status === 'paid')).toBe(true);
    expect((await run(id)).itemsTotal).toBe(0);
  });

  test('a filter Stripe does not offer for that object is refused when the connection is saved', async () => {
    const answer = await world.owner.post('/api/connections').send({
      name: 'Coupons of one customer',
      source: {
        connector: 'stripe',
        trigger: 'new-object',
        account: world.account,
        options: { object: 'coupons', customer: 'cus_ABC' },
      },
      destination: { connector: 'row-recorder', action: 'add-row', options: {} },
      mapping: { Id: '{{id}}' },
      enabled: true,
      schedule: { type: 'interval', minutes: 15 },
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(answer.body)).toMatch(/cannot filter coupons by customer/);
  });
});
