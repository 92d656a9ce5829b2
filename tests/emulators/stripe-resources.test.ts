import Stripe from 'stripe';
import { responseValidator, type StripeEmulator } from './stripe';
import { useStripeEmulator } from './use-stripe-emulator';
import { expectValid } from './expect-valid';

let emulator: StripeEmulator;
let stripe: Stripe;
useStripeEmulator((started) => ({ emulator, stripe } = started));

test('the response check fails a body that breaks the spec', () => {
  const validate = responseValidator('PostCustomers');
  expect(validate({ id: 'cus_1', object: 'customer', created: 'yesterday' })).toBe(false);
});

test('the request log records method, path, decoded params, key and status', async () => {
  await stripe.customers.create({ email: 'ada@example.com', metadata: { row: '3' } }, { idempotencyKey: 'row-3' });
  expect(emulator.requests).toEqual([
    expect.objectContaining({
      method: 'POST',
      path: '/v1/customers',
      params: { email: 'ada@example.com', metadata: { row: '3' } },
      idempotencyKey: 'row-3',
      status: 200,
      time: expect.any(Number),
    }),
  ]);
});

describe('customers', () => {
  test('listing by email returns exactly the customers with that email, newest first', async () => {
    const older = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada' });
    await stripe.customers.create({ email: 'grace@example.com' });
    const newer = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada again' });
    await stripe.customers.create({ email: 'ADA@example.com' });
    const page = await stripe.customers.list({ email: 'ada@example.com' });
    expect(page.data.map((c) => c.id)).toEqual([newer.id, older.id]);
    expectValid('GetCustomers', page);
  });

  test('pages follow starting_after and report has_more', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) created.push((await stripe.customers.create({ name: `c${i}` })).id);
    const first = await stripe.customers.list({ limit: 2 });
    const second = await stripe.customers.list({ limit: 2, starting_after: first.data[1].id });
    const last = await stripe.customers.list({ limit: 2, starting_after: second.data[1].id });
    expect([...first.data, ...second.data, ...last.data].map((c) => c.id)).toEqual([...created].reverse());
    expect([first.has_more, second.has_more, last.has_more]).toEqual([true, true, false]);
  });

  test('search by email finds the customer', async () => {
    const ada = await stripe.customers.create({ email: 'ada@example.com' });
    await stripe.customers.create({ email: 'grace@example.com' });
    const result = await stripe.customers.search({ query: "email:'ada@example.com'" });
    expect(result.data.map((c) => c.id)).toEqual([ada.id]);
    expectValid('GetCustomersSearch', result);
  });

  test('created, retrieved, updated and deleted customers match the spec', async () => {
    const created = await stripe.customers.create({
      email: 'ada@example.com',
      name: 'Ada',
      phone: '+33100000000',
      metadata: { source: 'sheet' },
      address: { city: 'Paris', country: 'FR' },
      preferred_locales: ['fr'],
    });
    expectValid('PostCustomers', created);
    expectValid('GetCustomersCustomer', await stripe.customers.retrieve(created.id));
    const updated = await stripe.customers.update(created.id, { name: 'Ada L.', metadata: { row: '7' } });
    expect(updated.metadata).toEqual({ source: 'sheet', row: '7' });
    expectValid('PostCustomersCustomer', updated);
    expectValid('DeleteCustomersCustomer', await stripe.customers.del(created.id));
    expect(await stripe.customers.retrieve(created.id)).toMatchObject({ id: created.id, deleted: true });
  });
});

describe('invoices', () => {
  async function customerWithPendingItem(): Promise<{ customer: Stripe.Customer; item: Stripe.InvoiceItem }> {
    const customer = await stripe.customers.create({ email: 'ada@example.com' });
    const item = await stripe.invoiceItems.create({
      customer: customer.id,
      amount: 2500,
      currency: 'eur',
      description: 'Consulting',
    });
    return { customer, item };
  }

  test('a new invoice leaves pending items alone unless asked to include them', async () => {
    const { customer, item } = await customerWithPendingItem();
    const bare = await stripe.invoices.create({ customer: customer.id });
    expect(bare.lines.data).toHaveLength(0);
    expect(bare.total).toBe(0);
    const full = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    expect(full.lines.data.map((line) => line.invoice_item)).toEqual([item.id]);
    expect([full.total, full.currency]).toEqual([2500, 'eur']);
    expect((await stripe.invoiceItems.retrieve(item.id)).invoice).toBe(full.id);
  });

  test('pending items in two currencies: an invoice takes those in its currency (the customer’s by default) and leaves the rest pending', async () => {
    const customer = await stripe.customers.create({ email: 'kenji@example.com' });
    const yen = await stripe.invoiceItems.create({ customer: customer.id, amount: 5000, currency: 'jpy' });
    const dollars = await stripe.invoiceItems.create({ customer: customer.id, amount: 1999, currency: 'usd' });
    // The first invoice item set the customer's currency.
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ currency: 'jpy' });

    const byDefault = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    expect([byDefault.currency, byDefault.total]).toEqual(['jpy', 5000]);
    expect(byDefault.lines.data.map((line) => line.invoice_item)).toEqual([yen.id]);
    const stillPending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(stillPending.data.map((item) => item.id)).toEqual([dollars.id]);

    const inDollars = await stripe.invoices.create({
      customer: customer.id,
      currency: 'usd',
      pending_invoice_items_behavior: 'include',
    });
    expect([inDollars.currency, inDollars.total]).toEqual(['usd', 1999]);
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);
  });

  test('draft, finalize, pay: numbers and amounts follow, and each body matches the spec', async () => {
    const { customer, item } = await customerWithPendingItem();
    expectValid('PostInvoiceitems', item);
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    expectValid('PostInvoices', draft);
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^[0-9A-F]{8}-0001$/);
    expectValid('PostInvoicesInvoiceFinalize', open);
    const paid = await stripe.invoices.pay(draft.id, { paid_out_of_band: true });
    expect([paid.status, paid.amount_paid, paid.amount_remaining]).toEqual(['paid', 2500, 0]);
    expectValid('PostInvoicesInvoicePay', paid);
    expectValid('GetInvoices', await stripe.invoices.list({ customer: customer.id, expand: ['data.customer'] }));
    expectValid('GetInvoiceitems', await stripe.invoiceItems.list({ customer: customer.id }));
  });

  test('invoice items cannot be added to a finalized invoice', async () => {
    const { customer } = await customerWithPendingItem();
    const invoice = await stripe.invoices.create({ customer: customer.id, currency: 'eur' });
    await stripe.invoices.finalizeInvoice(invoice.id);
    const error = await stripe.invoiceItems
      .create({ customer: customer.id, invoice: invoice.id, amount: 100, currency: 'eur' })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeError).param).toBe('invoice');
  });

  test('a sent invoice can be voided, and a void one cannot be paid', async () => {
    const { customer } = await customerWithPendingItem();
    const invoice = await stripe.invoices.create({
      customer: customer.id,
      collection_method: 'send_invoice',
      days_until_due: 30,
      pending_invoice_items_behavior: 'include',
    });
    const sent = await stripe.invoices.sendInvoice(invoice.id);
    expect(sent.status).toBe('open');
    expectValid('PostInvoicesInvoiceSend', sent);
    const voided = await stripe.invoices.voidInvoice(invoice.id);
    expect(voided.status).toBe('void');
    expectValid('PostInvoicesInvoiceVoid', voided);
    await expect(stripe.invoices.pay(invoice.id, { paid_out_of_band: true })).rejects.toThrow(/status is 'void'/);
  });

  test('expanding customer on an invoice returns the customer object', async () => {
    const { customer } = await customerWithPendingItem();
    const invoice = await stripe.invoices.create({ customer: customer.id, expand: ['customer'] });
    expect((invoice.customer as Stripe.Customer).email).toBe('ada@example.com');
    expectValid('GetInvoicesInvoice', await stripe.invoices.retrieve(invoice.id, { expand: ['customer'] }));
  });
});

describe('catalog and payments', () => {
  test('products, prices, payment links, checkout sessions and payment intents match the spec', async () => {
    const product = await stripe.products.create({ name: 'T-shirt' });
    expectValid('PostProducts', product);
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000 });
    expectValid('PostPrices', price);
    expectValid('GetPrices', await stripe.prices.list({ product: product.id }));
    expectValid('GetProducts', await stripe.products.list());
    expectValid('PostPaymentLinks', await stripe.paymentLinks.create({ line_items: [{ price: price.id, quantity: 2 }] }));
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      success_url: 'https://example.com/ok',
      line_items: [{ price: price.id, quantity: 3 }],
    });
    expect(session.amount_total).toBe(6000);
    expectValid('PostCheckoutSessions', session);
    expectValid('PostPaymentIntents', await stripe.paymentIntents.create({ amount: 1099, currency: 'usd' }));
    expectValid('GetBalance', await stripe.balance.retrieve());
    expectValid('GetCharges', await stripe.charges.list());
  });
});
