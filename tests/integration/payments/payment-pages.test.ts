// Payment links and Checkout Sessions from webhook payloads, through the runner.
import { outcomes, runOnce, startHarness, webhookConnection, type Harness } from './support';

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('create-payment-link', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  test('an order amount becomes a one-use link with a redirect, and its URL is in the item’s result', async () => {
    const connectionId = await webhookConnection(
      h,
      'create-payment-link',
      { amount: '{{total}}', currency: '{{currency}}', description: 'Order {{order}}', 'metadata.order': '{{order}}' },
      [{ order: 'A-17', total: '49.90', currency: 'EUR' }],
      { oneUse: true, redirectUrl: 'https://shop.example.com/thanks' },
    );

    const run = await runOnce(h, connectionId);

    expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
    const [link] = h.stripe.list('payment_link');
    expect(link).toMatchObject({
      restrictions: { completed_sessions: { limit: 1 } },
      after_completion: { type: 'redirect', redirect: { url: 'https://shop.example.com/thanks' } },
      metadata: { order: 'A-17', tributary_connection: connectionId },
    });
    const [price] = h.stripe.list('price');
    expect(price).toMatchObject({ unit_amount: 4990, currency: 'eur' });
    expect(h.stripe.list('product')[0]).toMatchObject({ name: 'Order A-17' });
    const [outcome] = await outcomes(h, run.id);
    expect(outcome).toMatchObject({ destination_object_id: link!.id, result: { output: { url: link!.url } } });
    expect(outcome!.result!.summary).toBe(`Payment link for 49.90 EUR (one payment only): ${link!.url}`);
  });

  test('amounts follow their currency’s minor unit: yen have none, dinars have three', async () => {
    const connectionId = await webhookConnection(
      h,
      'create-payment-link',
      { amount: '{{total}}', currency: '{{currency}}', description: 'Order' },
      [
        { total: '1500', currency: 'jpy' },
        { total: '12.5', currency: 'kwd' },
      ],
    );
    await runOnce(h, connectionId);
    expect(h.stripe.list('price').map((p) => [p.currency, p.unit_amount])).toEqual([
      ['jpy', 1500],
      ['kwd', 12500],
    ]);
  });

  test('a Stripe price and quantity make the link without creating a price', async () => {
    const price = await h.stripe.client().prices.create({ currency: 'usd', unit_amount: 2000, product_data: { name: 'Seat' } });
    const connectionId = await webhookConnection(h, 'create-payment-link', { price: '{{price}}', quantity: '{{seats}}' }, [
      { price: price.id, seats: '3' },
    ]);
    const run = await runOnce(h, connectionId);
    expect(run.status).toBe('succeeded');
    expect(h.stripe.list('price')).toHaveLength(1);
    const body = h.stripe.requests.find((r) => r.path === '/v1/payment_links')!.params;
    expect(body.line_items).toEqual({ '0': { price: price.id, quantity: '3' } });
  });

  test('bad amounts fail their item by name and reach Stripe not at all', async () => {
    const connectionId = await webhookConnection(
      h,
      'create-payment-link',
      { amount: '{{total}}', currency: '{{currency}}', price: '{{price}}', description: '{{what}}' },
      [
        { total: '-5', currency: 'eur', what: 'x' },
        { total: '9.999', currency: 'eur', what: 'x' },
        { total: '10', currency: 'xyz', what: 'x' },
        { total: '0', currency: 'eur', what: 'x' },
        { total: '10', currency: 'eur', what: '' },
        { total: '10', currency: 'eur', price: 'price_1', what: 'x' },
        { what: 'nothing to pay' },
      ],
    );

    const run = await runOnce(h, connectionId);

    expect(run).toMatchObject({ status: 'partial', items_failed: 7 });
    expect((await outcomes(h, run.id)).map((o) => o.error?.message)).toEqual([
      'amount: "-5" is negative; only credits may be negative and this input is not a credit',
      'amount: "9.999" has more decimals than EUR allows (2)',
      'currency: "xyz" is not a currency Stripe supports; amount: "10" cannot be converted because the currency is not valid',
      'amount: 0.00 EUR is not an amount that can be paid; it must be more than 0.',
      'description: a payment link for an amount needs a description; it names what is paid for.',
      'amount: give either an amount and a currency, or a price id (not both, not neither).',
      'amount: give either an amount and a currency, or a price id (not both, not neither).',
    ]);
    expect(h.stripe.requests).toHaveLength(0);
  });

  test('an answer lost on the way back is retried without a second link or price', async () => {
    h.stripe.faults.failNext({ method: 'POST', path: '/v1/payment_links' }, { kind: 'drop-after' });
    const connectionId = await webhookConnection(
      h,
      'create-payment-link',
      { amount: '{{total}}', currency: 'eur', description: 'Order' },
      [{ total: '20' }],
    );
    const run = await runOnce(h, connectionId);
    expect(run.status).toBe('succeeded');
    expect([h.stripe.list('payment_link').length, h.stripe.list('price').length]).toEqual([1, 1]);
  });
});

describe('create-checkout-session', () => {
  const mapping = {
    customer: '{{email}}',
    price: '{{lines.price}}',
    amount: '{{lines.amount}}',
    product_name: '{{lines.name}}',
    quantity: '{{lines.qty}}',
    currency: 'eur',
    client_reference_id: '{{order}}',
  };

  async function catalogPrice() {
    return h.stripe.client().prices.create({ currency: 'eur', unit_amount: 1500, product_data: { name: 'Mug' } });
  }

  test('a customer found by email pays several line items on a page that expires when asked', async () => {
    h = await startHarness();
    const customer = await h.stripe.client().customers.create({ email: 'ann@example.com' });
    const mug = await catalogPrice();
    const connectionId = await webhookConnection(
      h,
      'create-checkout-session',
      mapping,
      [
        {
          email: 'ann@example.com',
          order: 'A-18',
          lines: [
            { price: mug.id, qty: 2 },
            { amount: '2.50', name: 'Gift wrap' },
          ],
        },
      ],
      { successUrl: 'https://shop.example.com/ok', expiresAfterMinutes: 60 },
    );
    const startedAt = Math.floor(Date.now() / 1000);

    const run = await runOnce(h, connectionId);

    expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
    const [session] = h.stripe.list('checkout.session');
    expect(session).toMatchObject({ customer: customer.id, mode: 'payment', amount_total: 3250, client_reference_id: 'A-18' });
    expect(session!.expires_at as number).toBeGreaterThanOrEqual(startedAt + 3600);
    expect(session!.expires_at as number).toBeLessThan(startedAt + 3700);
    const [outcome] = await outcomes(h, run.id);
    expect(outcome!.result!.output).toMatchObject({ url: session!.url });
    expect(outcome!.result!.summary).toMatch(/^Checkout for 32\.50 EUR \(2 line items\), open until \d{4}-\d\d-\d\dT/);
  });

  test('a retry whose first answer was lost finds the session it created instead of making another', async () => {
    // A back-off over a second apart makes the retry's expiry differ from the first attempt's.
    h = await startHarness({ retryPolicy: { maxAttempts: 3, baseDelayMs: 2200, maxDelayMs: 2200 } });
    await h.stripe.client().customers.create({ email: 'ann@example.com' });
    // Twice: the HTTP client resends a request whose connection dropped once by itself.
    h.stripe.faults.failNext({ method: 'POST', path: '/v1/checkout/sessions' }, { kind: 'drop-after' }, 2);
    const connectionId = await webhookConnection(
      h,
      'create-checkout-session',
      mapping,
      [{ email: 'ann@example.com', lines: [{ amount: '10', name: 'Tea' }] }],
      { successUrl: 'https://shop.example.com/ok', expiresAfterMinutes: 45 },
    );

    const run = await runOnce(h, connectionId);

    expect(run).toMatchObject({ status: 'succeeded', items_sent: 1 });
    expect(h.stripe.list('checkout.session')).toHaveLength(1);
    const creates = h.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
    expect(creates.map((r) => r.status)).toEqual([null, null, 400]);
    expect((await outcomes(h, run.id))[0]!.destination_object_id).toBe(h.stripe.list('checkout.session')[0]!.id);
  });

  test('a line with an amount but no name, or a customer nobody has, fails the item clearly', async () => {
    h = await startHarness();
    await h.stripe.client().customers.create({ email: 'ann@example.com' });
    const connectionId = await webhookConnection(
      h,
      'create-checkout-session',
      mapping,
      [
        { email: 'ann@example.com', lines: [{ amount: '10', name: 'Tea' }, { amount: '3' }] },
        { email: 'bob@example.com', lines: [{ amount: '10', name: 'Tea' }] },
      ],
      { successUrl: 'https://shop.example.com/ok' },
    );
    const run = await runOnce(h, connectionId);
    expect((await outcomes(h, run.id)).map((o) => o.error?.message)).toEqual([
      'product_name: line 2 has an amount but no product name; the customer sees the name at checkout.',
      expect.stringMatching(/^customer: no Stripe customer has the email bob@example\.com/),
    ]);
    expect(h.stripe.list('checkout.session')).toHaveLength(0);
  });
});
