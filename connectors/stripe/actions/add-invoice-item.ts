import type Stripe from 'stripe';
import type { ActionDefinition, JsonObject } from '../../sdk';
import type { StripeCredentials } from '../account';
import { dashboardUrl, stripeClient } from '../client';
import { createdCustomerKey, resolveCustomerId } from '../customers';
import { callStripe } from '../errors';
import {
  amountOrPriceProperties,
  createMissingCustomerOption,
  customerReferenceSchema,
  metadataSchema,
  type AmountOrPriceInput,
} from '../schemas';
import { amountOrPrice } from '../checks';

export interface AddInvoiceItemOptions {
  createMissingCustomer?: boolean;
}

export interface InvoiceItemInput extends AmountOrPriceInput {
  customer: string;
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
      ...amountOrPriceProperties(),
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
  // Two lines for one new email must land on one customer, not on two created side by side.
  naturalKey: ({ options, input }) => createdCustomerKey(input.customer, options.createMissingCustomer),
  async execute({ credentials, options, input, idempotencyKey, context }) {
    const hasAmount = amountOrPrice(input) === 'amount';
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
