import Stripe from 'stripe';
import type { ActionDefinition, JsonObject } from '../../sdk';
import { ConnectorError } from '../../sdk';
import type { StripeCredentials } from '../account';
import { formatAmount } from '../amounts';
import { cardFailure, isReplayedDecline } from '../card-failures';
import { requirePositive } from '../checks';
import { dashboardUrl, stripeClient } from '../client';
import { callStripe } from '../errors';
import { customerLabel, requireCustomer } from '../find-customer';
import { defaultPaymentMethodOf, noPaymentMethod } from '../payment-methods';
import { amountSchema, currencySchema, customerReferenceSchema, noOptionsSchema, metadataSchema } from '../schemas';
import { connectionTag, ITEM_TAG_KEY } from '../tags';

export interface ChargeCustomerInput {
  customer: string;
  /** Minor units, like `order_total`: the mapping converts what a person enters. */
  amount: number;
  currency: string;
  order_total?: number;
  description?: string;
  metadata?: Record<string, string>;
}

export const chargeCustomer: ActionDefinition<Record<string, never>, ChargeCustomerInput, StripeCredentials> = {
  name: 'charge-customer',
  displayName: 'Charge Customer',
  description:
    'Charges the customer’s default card off-session (a PaymentIntent, confirmed at once) for the full amount or part of it.',
  optionsSchema: noOptionsSchema,
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['customer', 'amount', 'currency'],
    properties: {
      customer: customerReferenceSchema,
      amount: amountSchema('Amount to charge', 'In the currency’s main unit, e.g. 12.50 for €12.50.'),
      currency: currencySchema,
      order_total: amountSchema(
        'Order total',
        'Optional, in the currency’s main unit: the most this item may charge. A partial charge is any amount up to it; more fails the item.',
      ),
      description: { type: 'string', title: 'Description', description: 'Shown in Stripe and on the receipt.', maxLength: 1000 },
      metadata: metadataSchema,
    },
  },
  sampleData: {
    id: 'pi_Sample123',
    object: 'payment_intent',
    amount: 2500,
    amount_received: 2500,
    currency: 'eur',
    status: 'succeeded',
    customer: 'cus_Sample123',
    livemode: false,
  },
  async execute({ credentials, input, idempotencyKey, context, connectionId, itemTag }) {
    const { amount, currency } = input;
    requirePositive(amount, currency, 'amount');
    if (input.order_total !== undefined && amount > input.order_total) {
      throw new ConnectorError(
        'item',
        `amount: ${formatAmount(amount, currency)} is more than the order total of ${formatAmount(input.order_total, currency)}; charge at most the order total.`,
        { param: 'amount' },
      );
    }
    const client = stripeClient(credentials.secretKey, context);
    const customer = await requireCustomer(client, input.customer);
    const method = defaultPaymentMethodOf(customer);
    if (!method) throw noPaymentMethod(customer, 'off-session');
    const what = `The charge of ${formatAmount(amount, currency)} to ${customerLabel(customer)}`;
    const key = idempotencyKey('charge');
    const intent = await chargeOnce(client, {
      params: {
        amount,
        currency,
        customer: customer.id,
        payment_method: method,
        confirm: true,
        off_session: true,
        description: input.description,
        // The item's tag marks its PaymentIntent, so a later attempt can find it (see below);
        // the engine always gives one, a direct call falls back on the charge's key.
        metadata: { ...input.metadata, ...connectionTag(connectionId), [ITEM_TAG_KEY]: itemTag ?? key },
      },
      key,
      tag: itemTag ?? key,
      idempotencyKey,
      what,
    });
    if (intent.status === 'requires_action') {
      throw new ConnectorError(
        'item',
        `${what} needs the customer to confirm it with their bank (3-D Secure), which cannot happen while they are away. Send them a payment link instead.`,
        { code: 'requires_action' },
      );
    }
    return {
      objectId: intent.id,
      url: dashboardUrl(credentials.secretKey, `payments/${intent.id}`),
      object: intent as unknown as JsonObject,
      output: {
        status: intent.status,
        amount: formatAmount(intent.amount, intent.currency),
        charge: stringId(intent.latest_charge),
      },
      summary: `${intent.status === 'succeeded' ? 'Charged' : `Charge ${intent.status}:`} ${formatAmount(intent.amount, intent.currency)} to ${customerLabel(customer)}`,
    };
  },
};

function stringId(value: string | { id: string } | null): string | null {
  return value === null ? null : typeof value === 'string' ? value : value.id;
}

/**
 * Creates and confirms the PaymentIntent under the item's key. When that key was used
 * before, the item is being sent again after a decline (retried from the run log): Stripe
 * replays the decline, or refuses the key because the default card changed since. The
 * PaymentIntent of the earlier attempt is then confirmed once more with the customer's
 * current default card, under a key naming that attempt, so nothing is charged twice.
 */
async function chargeOnce(
  client: Stripe,
  args: {
    params: Stripe.PaymentIntentCreateParams;
    key: string;
    /** The item's tag in the PaymentIntent's metadata. */
    tag: string;
    idempotencyKey: (step: string) => string;
    what: string;
  },
): Promise<Stripe.PaymentIntent> {
  let earlier: Stripe.PaymentIntent | undefined;
  try {
    return await client.paymentIntents.create(args.params, { idempotencyKey: args.key });
  } catch (caught) {
    earlier = await earlierAttempt(client, caught, args);
    if (!earlier) throw cardFailure(caught, args.what);
  }
  if (earlier.status !== 'requires_payment_method') return earlier;
  try {
    return await client.paymentIntents.confirm(
      earlier.id,
      { payment_method: args.params.payment_method, off_session: true },
      { idempotencyKey: args.idempotencyKey(`charge:after-${stringId(earlier.latest_charge) ?? 'none'}`) },
    );
  } catch (retried) {
    throw cardFailure(retried, args.what);
  }
}

async function earlierAttempt(
  client: Stripe,
  caught: unknown,
  args: { params: Stripe.PaymentIntentCreateParams; tag: string },
): Promise<Stripe.PaymentIntent | undefined> {
  if (isReplayedDecline(caught)) {
    const id = (caught as { raw?: { payment_intent?: { id?: string } } }).raw?.payment_intent?.id;
    return id ? callStripe(() => client.paymentIntents.retrieve(id)) : undefined;
  }
  if (!(caught instanceof Stripe.errors.StripeIdempotencyError)) return undefined;
  const page = await callStripe(() => client.paymentIntents.list({ customer: args.params.customer, limit: 100 }));
  return page.data.find((intent) => intent.metadata?.[ITEM_TAG_KEY] === args.tag);
}
