import type Stripe from 'stripe';
import type { ActionDefinition, JsonObject } from '../../sdk';
import type { StripeCredentials } from '../account';
import { dashboardUrl, stripeClient } from '../client';
import { resolveCustomerId } from '../customers';
import { callStripe } from '../errors';
import { createMissingCustomerOption, customerReferenceSchema, metadataSchema } from '../schemas';

export interface CreateInvoiceOptions {
  createMissingCustomer?: boolean;
  includePendingItems?: boolean;
  finalize?: boolean;
}

export interface InvoiceInput {
  customer: string;
  description?: string;
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  footer?: string;
  metadata?: Record<string, string>;
}

export const createInvoice: ActionDefinition<CreateInvoiceOptions, InvoiceInput, StripeCredentials> = {
  name: 'create-invoice',
  displayName: 'Create Invoice',
  description: 'Creates an invoice for a customer from their pending invoice items, and can finalize it.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      createMissingCustomer: createMissingCustomerOption,
      includePendingItems: {
        type: 'boolean',
        title: 'Include the customer’s pending invoice items',
        default: true,
      },
      finalize: { type: 'boolean', title: 'Finalize the invoice right away', default: false },
    },
  },
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['customer'],
    properties: {
      customer: customerReferenceSchema,
      description: { type: 'string', title: 'Memo', maxLength: 1500 },
      collection_method: {
        type: 'string',
        title: 'Collection',
        enum: ['charge_automatically', 'send_invoice'],
        default: 'charge_automatically',
      },
      days_until_due: {
        type: 'integer',
        title: 'Days until due',
        description: 'For invoices sent to the customer.',
        minimum: 0,
        maximum: 365,
      },
      footer: { type: 'string', title: 'Footer', maxLength: 5000 },
      metadata: metadataSchema,
    },
  },
  sampleData: {
    id: 'in_Sample123',
    object: 'invoice',
    customer: 'cus_Sample123',
    status: 'draft',
    amount_due: 1250,
    currency: 'eur',
    livemode: false,
  },
  async execute({ credentials, options, input, idempotencyKey, context }) {
    const client = stripeClient(credentials.secretKey, context.stripeApiBase);
    const customer = await resolveCustomerId({
      client,
      reference: input.customer,
      createIfMissing: options.createMissingCustomer ?? false,
      idempotencyKey,
    });
    const sendInvoice = input.collection_method === 'send_invoice';
    const params: Stripe.InvoiceCreateParams = {
      customer,
      description: input.description,
      collection_method: input.collection_method,
      // Stripe requires a due date for invoices it emails; 30 days is its dashboard default.
      days_until_due: sendInvoice ? (input.days_until_due ?? 30) : undefined,
      footer: input.footer,
      metadata: input.metadata,
      pending_invoice_items_behavior: (options.includePendingItems ?? true) ? 'include' : 'exclude',
    };
    let invoice = await callStripe(() => client.invoices.create(params, { idempotencyKey: idempotencyKey('create-invoice') }));
    if (options.finalize) {
      const draftId = invoice.id;
      invoice = await callStripe(() =>
        client.invoices.finalizeInvoice(draftId, {}, { idempotencyKey: idempotencyKey('finalize-invoice') }),
      );
    }
    return {
      objectId: invoice.id,
      url: dashboardUrl(credentials.secretKey, `invoices/${invoice.id}`),
      object: invoice as unknown as JsonObject,
      summary: `${options.finalize ? 'Finalized' : 'Created draft'} invoice ${invoice.id} for ${customer}`,
    };
  },
};
