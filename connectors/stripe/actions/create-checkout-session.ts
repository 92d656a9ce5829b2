import Stripe from 'stripe';
import type { ActionDefinition, JsonObject } from '../../sdk';
import type { StripeCredentials } from '../account';
import { formatAmount } from '../amounts';
import { stripeClient } from '../client';
import { createdCustomerKey, resolveCustomerId } from '../customers';
import { callStripe, toConnectorError } from '../errors';
import { checkoutLineItems, type LineItemLists } from '../line-items';
import {
  createMissingCustomerOption,
  currencySchema,
  customerReferenceSchema,
  metadataSchema,
  webAddressSchema,
} from '../schemas';
import { connectionTag, ITEM_TAG_KEY } from '../tags';

export interface CreateCheckoutSessionOptions {
  successUrl: string;
  cancelUrl?: string;
  expiresAfterMinutes?: number;
  createMissingCustomer?: boolean;
}

export interface CheckoutSessionInput extends LineItemLists {
  customer: string;
  client_reference_id?: string;
  metadata?: Record<string, string>;
}

const listOf = (item: Record<string, unknown>, title: string, description: string) => ({
  type: 'array',
  title,
  description,
  items: item,
});

export const createCheckoutSession: ActionDefinition<CreateCheckoutSessionOptions, CheckoutSessionInput, StripeCredentials> = {
  name: 'create-checkout-session',
  displayName: 'Create Checkout Session',
  description:
    'Creates a Stripe Checkout page where a customer pays one or more line items; the page’s URL is in the item’s result.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['successUrl'],
    properties: {
      successUrl: {
        ...webAddressSchema,
        title: 'After payment, send the customer to',
        description: 'e.g. https://shop.example.com/thanks',
      },
      cancelUrl: { ...webAddressSchema, title: 'If the customer goes back, send them to', description: 'Optional.' },
      expiresAfterMinutes: {
        type: 'integer',
        title: 'The page expires after (minutes)',
        description: 'From 30 minutes to 24 hours (1440). Empty: Stripe’s 24 hours.',
        minimum: 30,
        maximum: 1440,
      },
      createMissingCustomer: createMissingCustomerOption,
    },
  },
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['customer'],
    properties: {
      customer: customerReferenceSchema,
      price: listOf(
        { type: 'string', maxLength: 5000 },
        'Price ids',
        'One Stripe price (price_...) per line item; a list maps several lines. Or use amounts.',
      ),
      quantity: listOf({ type: 'integer', minimum: 1 }, 'Quantities', 'One per line item, in the same order; default 1.'),
      amount: {
        ...listOf(
          { type: 'number' },
          'Amounts',
          'Per unit, in the currency’s main unit (12.50), one per line item without a price id.',
        ),
        'x-money': true,
      },
      product_name: listOf(
        { type: 'string', maxLength: 5000 },
        'Product names',
        'What each amount pays for, as the customer sees it.',
      ),
      currency: currencySchema,
      client_reference_id: {
        type: 'string',
        title: 'Your reference',
        description: 'e.g. the order number; kept on the session for reconciliation.',
        maxLength: 200,
      },
      metadata: metadataSchema,
    },
  },
  sampleData: {
    id: 'cs_test_Sample123',
    object: 'checkout.session',
    url: 'https://checkout.stripe.com/c/pay/cs_test_Sample123',
    mode: 'payment',
    status: 'open',
    amount_total: 3250,
    currency: 'eur',
    livemode: false,
  },
  // Two sessions for one new email must share one new customer.
  naturalKey: ({ options, input }) => createdCustomerKey(input.customer, options.createMissingCustomer),
  async execute({ credentials, options, input, idempotencyKey, context, connectionId, itemTag }) {
    const line_items = checkoutLineItems(input);
    const client = stripeClient(credentials.secretKey, context);
    const customer = await resolveCustomerId({
      client,
      reference: input.customer,
      createIfMissing: options.createMissingCustomer ?? false,
      idempotencyKey,
    });
    const key = idempotencyKey('create-checkout-session');
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      customer,
      line_items,
      success_url: options.successUrl,
      cancel_url: options.cancelUrl,
      client_reference_id: input.client_reference_id,
      // The item's tag marks the session, so a retry can find it (see below); the engine
      // always gives one, a direct call falls back on the session's key.
      metadata: { ...input.metadata, ...connectionTag(connectionId), [ITEM_TAG_KEY]: itemTag ?? key },
      expires_at: options.expiresAfterMinutes ? Math.floor(Date.now() / 1000) + options.expiresAfterMinutes * 60 : undefined,
    };
    const session = await createOnce(client, params, key, customer);
    const total =
      session.amount_total !== null && session.currency ? formatAmount(session.amount_total, session.currency) : 'the items';
    const until = new Date(session.expires_at * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      objectId: session.id,
      object: session as unknown as JsonObject,
      output: { url: session.url, expires_at: until },
      summary: `Checkout for ${total} (${line_items.length} line item${line_items.length === 1 ? '' : 's'}), open until ${until}: ${session.url}`,
    };
  },
};

/**
 * The expiry is computed from the clock, so a retry of an attempt whose answer was lost
 * sends different parameters under the same key, and Stripe refuses it. The session that
 * attempt created carries the key in its metadata: find it instead of creating another.
 */
async function createOnce(
  client: Stripe,
  params: Stripe.Checkout.SessionCreateParams,
  key: string,
  customer: string,
): Promise<Stripe.Checkout.Session> {
  try {
    return await client.checkout.sessions.create(params, { idempotencyKey: key });
  } catch (caught) {
    if (!(caught instanceof Stripe.errors.StripeIdempotencyError)) throw toConnectorError(caught);
    const page = await callStripe(() => client.checkout.sessions.list({ customer, limit: 100 }));
    const earlier = page.data.find((session) => session.metadata?.[ITEM_TAG_KEY] === params.metadata?.[ITEM_TAG_KEY]);
    if (!earlier) throw toConnectorError(caught);
    return earlier;
  }
}
