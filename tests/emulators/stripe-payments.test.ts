// The emulator's payments: payment methods with a default, PaymentIntents on Stripe's test
// cards, invoice payment and state transitions, payment links and Checkout Sessions. Every
// body is checked against Stripe's spec, errors included.
import Stripe from 'stripe';
import { errorBodyValidator, type StripeEmulator } from './stripe';
import { useStripeEmulator } from './use-stripe-emulator';
import { expectValid } from './expect-valid';

let emulator: StripeEmulator;
let stripe: Stripe;
useStripeEmulator((started) => ({ emulator, stripe } = started));

/** The Stripe error a call fails with; its body is checked against the spec's error schema. */
async function failure(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = (await call.then(
    () => null,
    (caught: unknown) => caught,
  )) as Stripe.errors.StripeError | null;
  if (!(error instanceof Stripe.errors.StripeError)) throw new Error('expected the call to fail with a Stripe error');
  const { headers: _headers, statusCode: _status, requestId: _id, ...body } = error.raw as Record<string, unknown>;
  const validate = errorBodyValidator();
  expect(validate({ error: body }) ? null : validate.errors).toBeNull();
  return error;
}

async function customerWithCard(card: string) {
  const customer = await stripe.customers.create({ email: 'ada@example.com' });
  const paymentMethod = await stripe.paymentMethods.attach(`pm_card_${card}`, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: paymentMethod.id } });
  return { customer, paymentMethod };
}

describe('payment methods', () => {
  test('a test card attached to a customer becomes its default and is listed for it', async () => {
    const created = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    expectValid('PostPaymentMethods', created);
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const attached = await stripe.paymentMethods.attach(created.id, { customer: customer.id });
    expectValid('PostPaymentMethodsPaymentMethodAttach', attached);
    const updated = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: created.id } });

    expect(updated.invoice_settings.default_payment_method).toBe(created.id);
    const listed = await stripe.customers.listPaymentMethods(customer.id);
    expect(listed.data.map((pm) => [pm.id, pm.card?.last4])).toEqual([[created.id, '4242']]);
    expectValid('GetCustomersCustomerPaymentMethods', listed);
  });

  test('a payment method that is not attached to the customer cannot be its default', async () => {
    const customer = await stripe.customers.create({ name: 'Ada' });
    const loose = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const error = await failure(
      stripe.customers.update(customer.id, { name: 'Ada L', invoice_settings: { default_payment_method: loose.id } }),
    );
    expect(error.message).toMatch(/must be attached to the customer/);
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ name: 'Ada' });
  });

  test('detaching the default payment method leaves the customer without a default', async () => {
    const { customer, paymentMethod } = await customerWithCard('visa');
    expectValid('PostPaymentMethodsPaymentMethodDetach', await stripe.paymentMethods.detach(paymentMethod.id));
    const after = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after.invoice_settings.default_payment_method).toBeNull();
  });

  test('the always-declining test card is refused when attached', async () => {
    const customer = await stripe.customers.create({});
    const error = await failure(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }));
    expect([error.type, error.code, error.decline_code]).toEqual(['StripeCardError', 'card_declined', 'generic_decline']);
  });
});

describe('payment intents', () => {
  const offSession = (customer: string, paymentMethod: string, amount = 2500) =>
    stripe.paymentIntents.create({
      amount,
      currency: 'eur',
      customer,
      payment_method: paymentMethod,
      confirm: true,
      off_session: true,
    });

  test('an off-session charge on a good card succeeds and receives the amount', async () => {
    const { customer, paymentMethod } = await customerWithCard('visa');
    const intent = await offSession(customer.id, paymentMethod.id);
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 2500, payment_method: paymentMethod.id });
    expect(intent.latest_charge).toMatch(/^ch_/);
    expectValid('PostPaymentIntents', intent);
    expectValid('GetPaymentIntentsIntent', await stripe.paymentIntents.retrieve(intent.id));
  });

  test.each([
    ['chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['chargeCustomerFail', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['authenticationRequired', 'authentication_required', 'authentication_required', 'This transaction requires authentication'],
  ])(
    'card %s is declined off session with %s / %s and the intent waits for a new payment method',
    async (card, code, decline, message) => {
      const { customer, paymentMethod } = await customerWithCard(card);
      const error = await failure(offSession(customer.id, paymentMethod.id));

      expect(error.statusCode).toBe(402);
      expect([error.type, error.code, error.decline_code]).toEqual(['StripeCardError', code, decline]);
      expect(error.message).toContain(message);
      const intent = (error.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent;
      const stored = await stripe.paymentIntents.retrieve(intent.id);
      expect(stored).toMatchObject({ status: 'requires_payment_method', amount_received: 0 });
      expect(stored.last_payment_error).toMatchObject({ code, decline_code: decline });
    },
  );

  test('a card that needs 3-D Secure asks for action when the customer is present', async () => {
    const { customer, paymentMethod } = await customerWithCard('authenticationRequired');
    const intent = await stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      customer: customer.id,
      payment_method: paymentMethod.id,
      confirm: true,
      return_url: 'https://shop.example.com/back',
    });
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action).toMatchObject({
      type: 'redirect_to_url',
      redirect_to_url: { return_url: 'https://shop.example.com/back' },
    });
    expectValid('PostPaymentIntents', intent);
  });

  test('a declined intent can be confirmed again with another card, and a succeeded one cannot', async () => {
    const { customer, paymentMethod } = await customerWithCard('chargeDeclinedInsufficientFunds');
    const error = await failure(offSession(customer.id, paymentMethod.id));
    const intentId = (error.raw as { payment_intent: { id: string } }).payment_intent.id;
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });

    const confirmed = await stripe.paymentIntents.confirm(intentId, { payment_method: good.id, off_session: true });
    expect(confirmed.status).toBe('succeeded');
    expectValid('PostPaymentIntentsIntentConfirm', confirmed);
    const again = await failure(stripe.paymentIntents.confirm(intentId, { off_session: true }));
    expect([again.code, again.message]).toEqual([
      'payment_intent_unexpected_state',
      expect.stringMatching(/status of succeeded/),
    ]);
  });

  test('off_session without confirm is refused', async () => {
    const error = await failure(stripe.paymentIntents.create({ amount: 100, currency: 'usd', off_session: true }));
    expect(error.param).toBe('off_session');
  });
});

describe('invoice payment and state transitions', () => {
  async function openInvoice(customer: string, amount = 4200) {
    await stripe.invoiceItems.create({ customer, amount, currency: 'eur' });
    const draft = await stripe.invoices.create({ customer, pending_invoice_items_behavior: 'include' });
    return stripe.invoices.finalizeInvoice(draft.id);
  }

  test('paying charges the customer’s default card', async () => {
    const { customer } = await customerWithCard('visa');
    const invoice = await openInvoice(customer.id);
    const paid = await stripe.invoices.pay(invoice.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 4200, amount_remaining: 0, paid_out_of_band: false });
    expect(emulator.list('payment_intent')).toEqual([expect.objectContaining({ invoice: invoice.id, status: 'succeeded' })]);
    expectValid('PostInvoicesInvoicePay', paid);
  });

  test('a declined card leaves the invoice open with one more attempt and Stripe’s decline code', async () => {
    const { customer } = await customerWithCard('chargeDeclinedInsufficientFunds');
    const invoice = await openInvoice(customer.id);
    const error = await failure(stripe.invoices.pay(invoice.id));
    expect([error.statusCode, error.code, error.decline_code]).toEqual([402, 'card_declined', 'insufficient_funds']);
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'open', attempted: true, attempt_count: 1 });
  });

  test('a card that needs 3-D Secure leaves the invoice’s payment waiting for the customer', async () => {
    const { customer } = await customerWithCard('authenticationRequired');
    const invoice = await openInvoice(customer.id);
    const error = await failure(stripe.invoices.pay(invoice.id));
    expect(error.code).toBe('invoice_payment_intent_requires_action');
    const retrieved = await stripe.invoices.retrieve(invoice.id);
    expect(retrieved.status).toBe('open');
    expect((await stripe.paymentIntents.retrieve(retrieved.payment_intent as string)).status).toBe('requires_action');
  });

  test('without a payment method only an out-of-band payment is possible', async () => {
    const customer = await stripe.customers.create({ email: 'cash@example.com' });
    const invoice = await openInvoice(customer.id);
    expect((await failure(stripe.invoices.pay(invoice.id))).code).toBe('invoice_no_payment_method');
    const paid = await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect(paid).toMatchObject({ status: 'paid', paid_out_of_band: true, amount_paid: 4200 });
    expect(emulator.list('payment_intent')).toEqual([]);
  });

  test('each transition refuses an invoice in the wrong state and names the state', async () => {
    const customer = await stripe.customers.create({});
    const invoice = await openInvoice(customer.id);
    expect((await failure(stripe.invoices.finalizeInvoice(invoice.id))).message).toMatch(/status is 'open'/);
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect((await failure(stripe.invoices.voidInvoice(invoice.id))).message).toMatch(/status is 'paid'/);
    expect((await failure(stripe.invoices.pay(invoice.id, { paid_out_of_band: true }))).message).toMatch(/status is 'paid'/);
  });
});

describe('payment links and checkout sessions', () => {
  async function price(currency = 'eur', unit_amount = 1500) {
    return stripe.prices.create({ currency, unit_amount, product_data: { name: 'Order' } });
  }

  test('a one-use payment link with a redirect keeps both settings and can be switched off', async () => {
    const { id } = await price();
    const link = await stripe.paymentLinks.create({
      line_items: [{ price: id, quantity: 1 }],
      restrictions: { completed_sessions: { limit: 1 } },
      after_completion: { type: 'redirect', redirect: { url: 'https://shop.example.com/thanks' } },
    });
    expect(link).toMatchObject({
      active: true,
      restrictions: { completed_sessions: { count: 0, limit: 1 } },
      after_completion: { type: 'redirect', redirect: { url: 'https://shop.example.com/thanks' } },
    });
    expect(link.url).toMatch(/^https:\/\/buy\.stripe\.com\//);
    expectValid('PostPaymentLinks', link);
    const off = await stripe.paymentLinks.update(link.id, { active: false });
    expect(off.active).toBe(false);
    expectValid('GetPaymentLinksPaymentLink', await stripe.paymentLinks.retrieve(link.id));
  });

  test('a redirect without its URL is refused by name', async () => {
    const { id } = await price();
    const error = await failure(
      stripe.paymentLinks.create({ line_items: [{ price: id, quantity: 1 }], after_completion: { type: 'redirect' } } as never),
    );
    expect(error.param).toBe('after_completion[redirect]');
  });

  test('a checkout session for a customer sums its line items and keeps its expiry', async () => {
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      success_url: 'https://shop.example.com/ok',
      expires_at: expiresAt,
      line_items: [
        { price: (await price()).id, quantity: 2 },
        { price_data: { currency: 'eur', unit_amount: 250, product_data: { name: 'Gift wrap' } }, quantity: 1 },
      ],
    });
    expect(session).toMatchObject({
      customer: customer.id,
      amount_total: 3250,
      currency: 'eur',
      expires_at: expiresAt,
      status: 'open',
    });
    expectValid('GetCheckoutSessionsSession', await stripe.checkout.sessions.retrieve(session.id));
  });

  test('a checkout session refuses an expiry outside 30 minutes to 24 hours, and mixed currencies', async () => {
    const line_items = [{ price: (await price()).id, quantity: 1 }];
    const now = Math.floor(Date.now() / 1000);
    const soon = await failure(stripe.checkout.sessions.create({ mode: 'payment', line_items, expires_at: now + 600 }));
    expect([soon.param, soon.message]).toEqual(['expires_at', expect.stringMatching(/at least 30 minutes/)]);
    const mixed = await failure(
      stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [...line_items, { price: (await price('usd')).id, quantity: 1 }],
      }),
    );
    expect(mixed.param).toBe('line_items[1]');
  });
});
