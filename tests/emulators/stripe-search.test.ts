import Stripe from 'stripe';
import { useStripeEmulator } from './use-stripe-emulator';
import { expectValid } from './expect-valid';

// Stripe's Search API as the product uses it to find what an item created (issue 15.3):
// `metadata['key']:'value'` on customers, invoices and payment intents, and the list of
// payment links, which have no search.
let stripe: Stripe;
useStripeEmulator((started) => ({ stripe } = started));

const tagged = (tag: string) => `metadata['tributary_item']:'${tag}'`;

test('invoices are found by a metadata value, and only those carrying it', async () => {
  const customer = await stripe.customers.create({ email: 'ada@example.com' });
  const ours = await stripe.invoices.create({ customer: customer.id, metadata: { tributary_item: 'trb_a', plan: 'x' } });
  await stripe.invoices.create({ customer: customer.id, metadata: { tributary_item: 'trb_b' } });
  await stripe.invoices.create({ customer: customer.id });

  const result = await stripe.invoices.search({ query: tagged('trb_a') });

  expect(result.data.map((invoice) => invoice.id)).toEqual([ours.id]);
  expectValid('GetInvoicesSearch', result);
});

test('payment intents are found by a metadata value combined with another clause', async () => {
  const ours = await stripe.paymentIntents.create({ amount: 500, currency: 'eur', metadata: { tributary_item: 'trb_a' } });
  await stripe.paymentIntents.create({ amount: 500, currency: 'usd', metadata: { tributary_item: 'trb_a' } });

  const result = await stripe.paymentIntents.search({ query: `${tagged('trb_a')} AND currency:'eur'` });

  expect(result.data.map((intent) => intent.id)).toEqual([ours.id]);
  expectValid('GetPaymentIntentsSearch', result);
});

test('a clause on a field the resource cannot be searched by is refused, naming the query', async () => {
  const failure = await stripe.invoices.search({ query: "email:'ada@example.com'" }).catch((error: unknown) => error);
  expect(failure).toMatchObject({ statusCode: 400, param: 'query' });
});

test('payment links are listed newest first, in pages', async () => {
  const price = await stripe.prices.create({ currency: 'eur', unit_amount: 900, product_data: { name: 'Lesson' } });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await stripe.paymentLinks.create({ line_items: [{ price: price.id, quantity: 1 }] })).id);

  const first = await stripe.paymentLinks.list({ limit: 2 });
  const rest = await stripe.paymentLinks.list({ limit: 2, starting_after: first.data[1]!.id });

  expect([...first.data, ...rest.data].map((link) => link.id)).toEqual(ids.reverse());
  expect(first.has_more).toBe(true);
  expectValid('GetPaymentLinks', first);
});
