import type Stripe from 'stripe';
import type { ActionDefinition, JsonObject } from '../../sdk';
import { ConnectorError } from '../../sdk';
import type { StripeCredentials } from '../account';
import { dashboardUrl, stripeClient } from '../client';
import { customerKey, resolveCustomerId } from '../customers';
import { callStripe } from '../errors';
import { foundResult, LOOK_AFTER_SECONDS, taggedInStripe } from '../find-delivered';
import { createMissingCustomerOption, customerReferenceSchema, metadataSchema } from '../schemas';

export interface CreateInvoiceOptions {
  createMissingCustomer?: boolean;
  includePendingItems?: boolean;
  /** With pending items included: what to do for a customer who has none. */
  whenNoPendingItems?: 'skip' | 'fail';
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

/** The currencies of a customer's pending invoice items, each once, alphabetically. */
async function pendingCurrencies(client: Stripe, customer: string): Promise<string[]> {
  const currencies = new Set<string>();
  await callStripe(async () => {
    for await (const item of client.invoiceItems.list({ customer, pending: true, limit: 100 })) currencies.add(item.currency);
  });
  return [...currencies].sort();
}

export const createInvoice: ActionDefinition<CreateInvoiceOptions, InvoiceInput, StripeCredentials> = {
  name: 'create-invoice',
  displayName: 'Create Invoice',
  description:
    'Creates an invoice for a customer from their pending invoice items (one invoice per currency), and can finalize it.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      createMissingCustomer: createMissingCustomerOption,
      includePendingItems: {
        type: 'boolean',
        title: 'Include the customer’s pending invoice items',
        description: 'Items in several currencies make one invoice per currency. Turned off, an empty draft is created.',
        default: true,
      },
      whenNoPendingItems: {
        type: 'string',
        title: 'When the customer has no pending invoice items',
        description: 'Creating an invoice would make one for 0.00.',
        enum: ['skip', 'fail'],
        'x-enumLabels': ['Skip the item, with a note in the run log', 'Fail the item'],
        default: 'skip',
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
  // Always one at a time per customer: besides creating a missing customer, an invoice
  // gathers the customer's pending items, which two invoices made side by side would split.
  naturalKey: ({ input }) => (input.customer ? customerKey(input.customer) : null),
  async execute({ credentials, options, input, idempotencyKey, context }) {
    const client = stripeClient(credentials.secretKey, context);
    const customer = await resolveCustomerId({
      client,
      reference: input.customer,
      createIfMissing: options.createMissingCustomer ?? false,
      idempotencyKey,
    });
    const includePending = options.includePendingItems ?? true;
    // Stripe puts only the items in the invoice's own currency on it and silently leaves
    // the rest pending, so each currency gets its own invoice.
    const currencies = includePending ? await pendingCurrencies(client, customer) : [undefined];
    if (currencies.length === 0) {
      if (options.whenNoPendingItems === 'fail') {
        throw new ConnectorError('item', `Customer ${customer} has no pending invoice items, so no invoice was created.`, {
          param: 'customer',
          code: 'no_pending_invoice_items',
        });
      }
      return {
        objectId: null,
        object: {},
        summary: `No invoice created: customer ${customer} has no pending invoice items.`,
        skipped: true,
      };
    }
    const invoices = await invoicesFor({ client, customer, currencies, input, options, idempotencyKey });
    const first = invoices[0]!;
    // The first invoice is the item's object; the summary in the run log names every one.
    return {
      objectId: first.id,
      url: dashboardUrl(credentials.secretKey, `invoices/${first.id}`),
      object: first as unknown as JsonObject,
      summary: `${options.finalize ? 'Finalized' : 'Created draft'} ${invoiceNames(invoices)} for ${customer}`,
    };
  },
  findDelivered: {
    afterSeconds: LOOK_AFTER_SECONDS,
    // The earlier attempt may have made every currency's invoice, or stopped part-way: what
    // it made is recorded, and what it left undone (a draft to finalize, items still
    // pending in another currency) is done now, as the item asked.
    async find(args) {
      const found = (await taggedInStripe('invoice', args)) as Stripe.Invoice[];
      if (found.length === 0) return null;
      const { credentials, options, input, idempotencyKey, context } = args;
      const client = stripeClient(credentials.secretKey, context);
      const customer = typeof found[0]!.customer === 'string' ? found[0]!.customer : found[0]!.customer!.id;
      const invoices = [...found].sort((a, b) => a.currency.localeCompare(b.currency));
      if (options.finalize) {
        for (const [index, invoice] of invoices.entries()) {
          if (invoice.status !== 'draft') continue;
          const key = idempotencyKey(`finalize-invoice-${invoice.currency}`);
          invoices[index] = await callStripe(() => client.invoices.finalizeInvoice(invoice.id, {}, { idempotencyKey: key }));
        }
      }
      const result = foundResult('invoice', invoices, credentials.secretKey);
      const rest = (options.includePendingItems ?? true) ? await pendingCurrencies(client, customer) : [];
      if (rest.length === 0) return result;
      const made = await invoicesFor({ client, customer, currencies: rest, input, options, idempotencyKey });
      return { ...result, summary: `${result.summary}; made ${invoiceNames(made)} for the items still pending` };
    },
  },
};

const invoiceNames = (invoices: Stripe.Invoice[]) =>
  `invoice${invoices.length > 1 ? 's' : ''} ${invoices.map((invoice) => `${invoice.id} (${invoice.currency.toUpperCase()})`).join(', ')}`;

/**
 * One invoice per currency (`undefined`: the account's default, for an empty draft),
 * finalized when asked. Each request has a key of its own per currency, so a retry
 * makes none of them twice.
 */
async function invoicesFor(args: {
  client: Stripe;
  customer: string;
  currencies: Array<string | undefined>;
  input: InvoiceInput;
  options: CreateInvoiceOptions;
  idempotencyKey: (step: string) => string;
}): Promise<Stripe.Invoice[]> {
  const { client, customer, input, options, idempotencyKey } = args;
  const includePending = options.includePendingItems ?? true;
  const sendInvoice = input.collection_method === 'send_invoice';
  const invoices: Stripe.Invoice[] = [];
  for (const currency of args.currencies) {
    const suffix = currency ? `-${currency}` : '';
    const params: Stripe.InvoiceCreateParams = {
      customer,
      currency,
      description: input.description,
      collection_method: input.collection_method,
      // Stripe requires a due date for invoices it emails; 30 days is its dashboard default.
      days_until_due: sendInvoice ? (input.days_until_due ?? 30) : undefined,
      footer: input.footer,
      metadata: input.metadata,
      pending_invoice_items_behavior: includePending ? 'include' : 'exclude',
    };
    let invoice = await callStripe(() =>
      client.invoices.create(params, { idempotencyKey: idempotencyKey(`create-invoice${suffix}`) }),
    );
    if (options.finalize) {
      const draftId = invoice.id;
      invoice = await callStripe(() =>
        client.invoices.finalizeInvoice(draftId, {}, { idempotencyKey: idempotencyKey(`finalize-invoice${suffix}`) }),
      );
    }
    invoices.push(invoice);
  }
  return invoices;
}
