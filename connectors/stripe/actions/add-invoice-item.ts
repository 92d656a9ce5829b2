import type Stripe from 'stripe';
import type { ActionDefinition, JsonObject } from '../../sdk';
import { ConnectorError } from '../../sdk';
import type { StripeCredentials } from '../account';
import { dashboardUrl, stripeClient } from '../client';
import { resolveCustomerId } from '../customers';
import { callStripe } from '../errors';
import { createMissingCustomerOption, customerReferenceSchema, metadataSchema } from '../schemas';

export interface AddInvoiceItemOptions {
  createMissingCustomer?: boolean;
}

export interface InvoiceItemInput {
  customer: string;
  /** Minor units: the mapping converts the major-unit amount a person enters. */
  amount?: number;
  currency?: string;
  price?: string;
  quantity?: number;
  description?: string;
  invoice?: string;
  metadata?: Record<string, string>;
}

export const addInvoiceItem: ActionDefinition<AddInvoiceItemOptions, InvoiceItemInput, StripeCredentials> = {
  name: 'add-invoice-item',
  displayName: 'Add Invoice Item',
  description: 'Adds a line to a customer’s next invoice (or to a draft invoice): an amount, or a price and quantity.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { createMissingCustomer: createMissingCustomerOption },
  },
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['customer'],
    properties: {
      customer: customerReferenceSchema,
      amount: {
        type: 'number',
        title: 'Amount',
        description: 'In the currency’s main unit, e.g. 12.50 for €12.50. Use either an amount and currency, or a price.',
        'x-money': true,
        minimum: 0,
      },
      currency: { type: 'string', format: 'currency', title: 'Currency', description: 'Three-letter ISO code, e.g. eur.' },
      price: {
        type: 'string',
        title: 'Price id',
        description: 'A Stripe price (price_...), instead of an amount.',
        maxLength: 5000,
      },
      quantity: { type: 'integer', title: 'Quantity', minimum: 1, default: 1 },
      description: { type: 'string', title: 'Description', maxLength: 5000 },
      invoice: {
        type: 'string',
        title: 'Draft invoice id',
        description: 'Add the line to this draft invoice (in_...) instead of the next one.',
        maxLength: 5000,
      },
      metadata: metadataSchema,
    },
  },
  sampleData: {
    id: 'ii_Sample123',
    object: 'invoiceitem',
    amount: 1250,
    currency: 'eur',
    customer: 'cus_Sample123',
    livemode: false,
  },
  async execute({ credentials, options, input, idempotencyKey, context }) {
    const hasAmount = input.amount !== undefined;
    if (hasAmount === (input.price !== undefined)) {
      throw new ConnectorError('item', 'amount: give either an amount and a currency, or a price id (not both, not neither).', {
        param: hasAmount ? 'price' : 'amount',
      });
    }
    if (hasAmount && !input.currency) {
      throw new ConnectorError('item', 'currency: an amount needs a currency, e.g. eur.', { param: 'currency' });
    }
    const client = stripeClient(credentials.secretKey, context);
    const customer = await resolveCustomerId({
      client,
      reference: input.customer,
      createIfMissing: options.createMissingCustomer ?? false,
      idempotencyKey,
    });
    const params: Stripe.InvoiceItemCreateParams = {
      customer,
      description: input.description,
      invoice: input.invoice,
      metadata: input.metadata,
      ...(hasAmount
        ? { amount: input.amount, currency: input.currency!.toLowerCase() }
        : { price: input.price, quantity: input.quantity ?? 1 }),
    };
    const item = await callStripe(() =>
      client.invoiceItems.create(params, { idempotencyKey: idempotencyKey('create-invoice-item') }),
    );
    return {
      objectId: item.id,
      // Invoice items have no page of their own; the customer's page lists them.
      url: dashboardUrl(credentials.secretKey, `customers/${customer}`),
      object: item as unknown as JsonObject,
      summary: `Added invoice item ${item.id} (${item.amount} ${item.currency} minor units) for ${customer}`,
    };
  },
};
