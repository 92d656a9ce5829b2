import type Stripe from 'stripe';
import type { ActionDefinition, JsonObject } from '../../sdk';
import { ConnectorError } from '../../sdk';
import type { StripeCredentials } from '../account';
import { formatAmount } from '../amounts';
import { amountOrPrice, requirePositive } from '../checks';
import { dashboardUrl, stripeClient } from '../client';
import { callStripe } from '../errors';
import { amountOrPriceProperties, metadataSchema, webAddressSchema, type AmountOrPriceInput } from '../schemas';
import { connectionTag } from '../tags';

export interface CreatePaymentLinkOptions {
  oneUse?: boolean;
  redirectUrl?: string;
}

export interface PaymentLinkInput extends AmountOrPriceInput {
  description?: string;
  metadata?: Record<string, string>;
}

export const createPaymentLink: ActionDefinition<CreatePaymentLinkOptions, PaymentLinkInput, StripeCredentials> = {
  name: 'create-payment-link',
  displayName: 'Create Payment Link',
  description: 'Creates a Stripe payment link for an amount (or a price and quantity); the link’s URL is in the item’s result.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      oneUse: {
        type: 'boolean',
        title: 'Deactivate the link after one payment',
        description: 'For a link that pays one order: nobody can pay it twice.',
        default: false,
      },
      redirectUrl: {
        ...webAddressSchema,
        title: 'After payment, send the customer to',
        description: 'A page of your own, e.g. https://shop.example.com/thanks. Empty: Stripe’s confirmation page.',
      },
    },
  },
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...amountOrPriceProperties(),
      description: {
        type: 'string',
        title: 'Description',
        description: 'What is being paid for, shown on the payment page (needed with an amount).',
        maxLength: 1000,
      },
      metadata: metadataSchema,
    },
  },
  sampleData: {
    id: 'plink_Sample123',
    object: 'payment_link',
    url: 'https://buy.stripe.com/test_Sample123',
    active: true,
    currency: 'eur',
    livemode: false,
  },
  async execute({ credentials, options, input, idempotencyKey, context, connectionId }) {
    const kind = amountOrPrice(input);
    const client = stripeClient(credentials.secretKey, context);
    const tag = connectionTag(connectionId);
    let price = input.price;
    if (kind === 'amount') {
      const currency = input.currency!;
      requirePositive(input.amount!, currency, 'amount');
      if (!input.description) {
        throw new ConnectorError(
          'item',
          'description: a payment link for an amount needs a description; it names what is paid for.',
          {
            param: 'description',
          },
        );
      }
      // Payment links sell prices; an amount becomes a one-off price of its own.
      const created = await callStripe(() =>
        client.prices.create(
          { currency, unit_amount: input.amount, product_data: { name: input.description! }, metadata: tag },
          { idempotencyKey: idempotencyKey('create-price') },
        ),
      );
      price = created.id;
    }
    const params: Stripe.PaymentLinkCreateParams = {
      line_items: [{ price: price!, quantity: input.quantity ?? 1 }],
      metadata: { ...input.metadata, ...tag },
      payment_intent_data: { description: input.description, metadata: { ...input.metadata, ...tag } },
      ...(options.oneUse ? { restrictions: { completed_sessions: { limit: 1 } } } : {}),
      ...(options.redirectUrl ? { after_completion: { type: 'redirect', redirect: { url: options.redirectUrl } } } : {}),
    };
    const link = await callStripe(() =>
      client.paymentLinks.create(params, { idempotencyKey: idempotencyKey('create-payment-link') }),
    );
    const what =
      kind === 'amount'
        ? formatAmount(input.amount! * (input.quantity ?? 1), input.currency!)
        : `${price} x ${input.quantity ?? 1}`;
    return {
      objectId: link.id,
      url: dashboardUrl(credentials.secretKey, `payment-links/${link.id}`),
      object: link as unknown as JsonObject,
      output: { url: link.url },
      summary: `Payment link for ${what}${options.oneUse ? ' (one payment only)' : ''}: ${link.url}`,
    };
  },
};
