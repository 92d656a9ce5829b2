import { itemsOf, startHarness, STRIPE_KEY, type Harness } from './harness';
import { letTimePass, lookUps, lostAnswer, retryLater } from './key-window';

// Issue 15.3: Create Invoice makes one invoice per currency of the customer's pending
// items. An attempt whose answer was lost a day ago may have made all of them, or
// stopped part-way; the retry must record every invoice it made and make none twice.
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});
afterEach(async () => {
  await h.close();
});

/** A customer with pending invoice items in euros and dollars. */
async function customerOwingTwoCurrencies(): Promise<string> {
  const stripe = h.stripe.client(STRIPE_KEY);
  const customer = await stripe.customers.create({ email: 'two@example.com' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 4000, currency: 'eur', description: 'Lessons' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 2500, currency: 'usd', description: 'Books' });
  return customer.id;
}

const invoiceOf = (customer: string, fault: 'drop-after' | 'drop-before') =>
  lostAnswer(h, {
    action: 'create-invoice',
    mapping: { customer: '{{customer}}' },
    payload: { customer },
    path: '/v1/invoices',
    fault,
  });

const invoices = () =>
  h.stripe
    .list('invoice')
    .map((invoice) => `${invoice.currency as string}:${invoice.id}`)
    .sort();

test('both invoices of an attempt whose answer was lost are found 25 hours later and named in the run log', async () => {
  const customer = await customerOwingTwoCurrencies();
  // The euro invoice is made and answered; the dollar one is made and its answer lost.
  h.stripe.faults.failNext({ method: 'POST', path: '/v1/invoices' }, { kind: 'latency', ms: 0 }, 1);
  const { run } = await invoiceOf(customer, 'drop-after');
  const made = invoices();
  expect(made).toHaveLength(2);
  await letTimePass(h, 25 * 60 * 60);
  h.stripe.requests.length = 0;

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ status: 'succeeded', items_sent: 1 });
  expect(invoices()).toEqual(made);
  const [eur, usd] = made.map((entry) => entry.split(':')[1]!);
  const [item] = await itemsOf(h, retry.id);
  expect(item).toMatchObject({ status: 'sent', destination_object_id: eur });
  expect(item!.result!.summary).toMatch(new RegExp(`^Found invoices ${eur}, ${usd} in Stripe, made by an earlier attempt`));
  // The search, then the pending items: none are left, so nothing is created.
  expect(lookUps(h)).toEqual(['/v1/invoices/search', '/v1/invoiceitems']);
  expect(h.stripe.requests.filter((r) => r.method === 'POST')).toEqual([]);
});

test('an attempt that stopped between currencies is finished: its invoice is found, the other currency gets one', async () => {
  const customer = await customerOwingTwoCurrencies();
  // The euro invoice is made; the dollar one never reaches Stripe.
  h.stripe.faults.failNext({ method: 'POST', path: '/v1/invoices' }, { kind: 'latency', ms: 0 }, 1);
  const { run } = await invoiceOf(customer, 'drop-before');
  const [eurEntry] = invoices();
  expect(invoices()).toEqual([eurEntry]);
  await letTimePass(h, 25 * 60 * 60);

  const retry = await retryLater(h, run);

  expect(retry).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const all = invoices();
  expect(all).toHaveLength(2);
  expect(all[0]).toBe(eurEntry);
  const usd = all[1]!.split(':')[1]!;
  const [item] = await itemsOf(h, retry.id);
  expect(item!.result!.summary).toMatch(
    /^Found invoice in_\w+ in Stripe, .*; made invoice in_\w+ \(USD\) for the items still pending$/,
  );
  expect(item!.result!.summary).toContain(usd);
  // Made by the retry, it carries the item's tag like the one the first attempt made.
  const tags = h.stripe.list('invoice').map((invoice) => (invoice.metadata as Record<string, string>).tributary_item);
  expect(tags[0]).toMatch(/^trb_/);
  expect(tags[1]).toBe(tags[0]);
  const stillPending = await h.stripe.client(STRIPE_KEY).invoiceItems.list({ customer, pending: true });
  expect(stillPending.data).toEqual([]);
});
