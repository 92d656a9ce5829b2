// Charging a customer's default card off-session, from webhook payloads.
import { createWorker } from '../../../engine/worker/worker';
import { getRun } from '../../../engine/runs/repository';
import { retryFailedItems } from '../../../engine/runs/service';
import { ownerActor } from '../../support/actor';
import { customerWithCard, outcomes, runOnce, startHarness, webhookConnection, writes, type Harness } from './support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const mapping = {
  customer: '{{email}}',
  amount: '{{amount}}',
  currency: '{{currency}}',
  order_total: '{{total}}',
  description: 'Order {{order}}',
  'metadata.order': '{{order}}',
};

async function charge(payloads: Record<string, string>[]) {
  const connectionId = await webhookConnection(h, 'charge-customer', mapping, payloads);
  const run = await runOnce(h, connectionId);
  return { connectionId, run, items: await outcomes(h, run.id) };
}

test('a full and a partial charge of the default card, in minor units, with description and metadata', async () => {
  const customer = await customerWithCard(h, 'visa');
  const { connectionId, run, items } = await charge([
    { email: 'ann@example.com', amount: '49.90', currency: 'eur', total: '49.90', order: 'A-1' },
    { email: 'ann@example.com', amount: '20', currency: 'eur', total: '49.90', order: 'A-2' },
  ]);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 2 });
  const intents = h.stripe.list('payment_intent');
  expect(intents.map((pi) => [pi.amount, pi.status, pi.description])).toEqual([
    [4990, 'succeeded', 'Order A-1'],
    [2000, 'succeeded', 'Order A-2'],
  ]);
  expect(intents[0]).toMatchObject({
    customer: customer.id,
    payment_method: customer.invoice_settings.default_payment_method,
    metadata: { order: 'A-1', tributary_connection: connectionId },
  });
  expect(items[0]!.result).toMatchObject({
    summary: `Charged 49.90 EUR to ${customer.id} (ann@example.com)`,
    output: { status: 'succeeded', amount: '49.90 EUR', charge: expect.stringMatching(/^ch_/) },
  });
});

test('zero-decimal and three-decimal currencies are charged in their own minor units', async () => {
  await customerWithCard(h, 'visa');
  await charge([
    { email: 'ann@example.com', amount: '1500', currency: 'JPY', total: '1500', order: 'J' },
    { email: 'ann@example.com', amount: '7.25', currency: 'kwd', total: '7.25', order: 'K' },
  ]);
  expect(h.stripe.list('payment_intent').map((pi) => [pi.currency, pi.amount])).toEqual([
    ['jpy', 1500],
    ['kwd', 7250],
  ]);
});

test('declines and 3-D Secure are item failures with Stripe’s code and message and what to do', async () => {
  await customerWithCard(h, 'chargeDeclinedInsufficientFunds', 'poor@example.com');
  await customerWithCard(h, 'chargeCustomerFail', 'declined@example.com');
  await customerWithCard(h, 'authenticationRequired', 'sca@example.com');
  const { run, items } = await charge(
    ['poor', 'declined', 'sca'].map((who) => ({
      email: `${who}@example.com`,
      amount: '10',
      currency: 'eur',
      total: '10',
      order: who,
    })),
  );

  expect(run).toMatchObject({ status: 'partial', items_failed: 3 });
  expect(items.map((i) => [i.error?.code, i.error?.declineCode])).toEqual([
    ['card_declined', 'insufficient_funds'],
    ['card_declined', 'generic_decline'],
    ['authentication_required', 'authentication_required'],
  ]);
  expect(items[0]!.error!.message).toMatch(
    /^The charge of 10\.00 EUR to cus_\w+ \(poor@example\.com\) was declined: Your card has insufficient funds\. \(decline code: insufficient_funds\)\. Ask the customer to update their card, or send them a payment link instead\.$/,
  );
  expect(items[2]!.error!.message).toMatch(
    /needs the customer to confirm it with their bank \(3-D Secure\).*Send them a payment link/,
  );
});

test('bad input fails the item clearly before anything is charged', async () => {
  await customerWithCard(h, 'visa');
  await h.stripe.client().customers.create({ email: 'nocard@example.com' });
  const base = { email: 'ann@example.com', currency: 'eur', total: '50', order: 'X' };
  const { items } = await charge([
    { ...base, amount: '-10' },
    { ...base, amount: '10.001' },
    { ...base, amount: '10', currency: 'abc' },
    { ...base, amount: '60' },
    { ...base, email: 'nocard@example.com', amount: '10' },
    { ...base, email: 'nobody@example.com', amount: '10' },
  ]);

  expect(items.map((i) => i.error?.message)).toEqual([
    'amount: "-10" is negative; only credits may be negative and this input is not a credit',
    'amount: "10.001" has more decimals than EUR allows (2)',
    'currency: "abc" is not a currency Stripe supports; amount: "10" cannot be converted because the currency is not valid; order_total: "50" cannot be converted because the currency is not valid',
    'amount: 60.00 EUR is more than the order total of 50.00 EUR; charge at most the order total.',
    expect.stringMatching(
      /^customer: cus_\w+ \(nocard@example\.com\) has no default payment method, so there is nothing to charge off-session\. Add a card in Stripe and make it the default, or send them a payment link instead\.$/,
    ),
    'customer: no Stripe customer has the email nobody@example.com.',
  ]);
  expect(writes(h)).toEqual([]);
});

test('an answer lost on the way back never charges twice', async () => {
  await customerWithCard(h, 'visa');
  h.stripe.faults.failNext({ method: 'POST', path: '/v1/payment_intents' }, { kind: 'drop-after' }, 2);
  const { run } = await charge([{ email: 'ann@example.com', amount: '10', currency: 'eur', total: '10', order: 'L' }]);
  expect(run.status).toBe('succeeded');
  expect(h.stripe.list('payment_intent')).toHaveLength(1);
});

test('retried from the run log after a decline, the same payment is tried again on the new default card', async () => {
  const customer = await customerWithCard(h, 'chargeDeclinedInsufficientFunds');
  const { run } = await charge([{ email: 'ann@example.com', amount: '30', currency: 'eur', total: '30', order: 'R' }]);
  expect(run.status).toBe('partial');

  const stripe = h.stripe.client();
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  const retry = await retryFailedItems({
    db: h.database.db,
    actor: await ownerActor(h.database.db, h.workspaceId),
    runId: run.id,
  });
  await createWorker(h.deps).drain();

  expect(await getRun(h.database.db, retry!.id)).toMatchObject({ status: 'succeeded', items_sent: 1 });
  const intents = h.stripe.list('payment_intent');
  expect(intents).toHaveLength(1);
  expect(intents[0]).toMatchObject({ status: 'succeeded', amount_received: 3000, payment_method: card.id });
});
