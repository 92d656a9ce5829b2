import type Stripe from 'stripe';
import type { ActionDefinition, ConnectorContext, JsonObject, JsonSchema } from '../sdk';
import type { StripeCredentials } from './account';
import { formatAmount } from './amounts';
import { dashboardUrl, stripeClient } from './client';
import { customerKey } from './customers';
import { findInvoice, invoiceReferenceSchema, requireStatus, type InvoiceStatus } from './find-invoice';
import { noOptionsSchema } from './schemas';

export interface InvoiceInput {
  invoice: string;
}

/** What one invoice action does once the invoice is found and its status allows it. */
export interface InvoiceTransition<Options> {
  name: string;
  displayName: string;
  description: string;
  optionsSchema?: JsonSchema;
  /** With a customer instead of an invoice id: the newest invoice in one of these statuses. */
  looksFor: readonly InvoiceStatus[];
  /** Statuses the action accepts; any other fails the item naming the status. */
  allowed: readonly InvoiceStatus[];
  /** Past participle for messages: "finalized", "sent", "paid", "voided". */
  done: string;
  perform(args: {
    client: Stripe;
    invoice: Stripe.Invoice;
    options: Options;
    idempotencyKey: (step: string) => string;
    context: ConnectorContext;
  }): Promise<Stripe.Invoice>;
}

export function describeInvoice(invoice: Stripe.Invoice): string {
  const parts = [invoice.number, formatAmount(invoice.amount_due, invoice.currency)].filter(Boolean);
  return `${invoice.id} (${parts.join(', ')})`;
}

/** One definition per invoice action, sharing the look-up, the status check and the result. */
export function invoiceAction<Options extends JsonObject>(
  spec: InvoiceTransition<Options>,
): ActionDefinition<Options, InvoiceInput, StripeCredentials> {
  return {
    name: spec.name,
    displayName: spec.displayName,
    description: spec.description,
    optionsSchema: spec.optionsSchema ?? noOptionsSchema,
    inputSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['invoice'],
      properties: { invoice: invoiceReferenceSchema },
    },
    sampleData: {
      id: 'in_Sample123',
      object: 'invoice',
      number: 'A1B2C3D4-0001',
      status: spec.done === 'voided' ? 'void' : spec.done === 'paid' ? 'paid' : 'open',
      amount_due: 4200,
      currency: 'eur',
      hosted_invoice_url: 'https://invoice.stripe.com/i/Sample123',
      livemode: false,
    },
    // Rows naming one customer's latest invoice (or one invoice) act on it one after another,
    // each seeing the status the previous one left.
    naturalKey: ({ input }) => {
      const reference = input.invoice?.trim();
      if (!reference) return null;
      return reference.startsWith('in_') ? `invoice:${reference}` : customerKey(reference);
    },
    async execute({ credentials, options, input, idempotencyKey, context }) {
      const client = stripeClient(credentials.secretKey, context);
      const found = await findInvoice(client, input.invoice, spec.looksFor);
      requireStatus(found, spec.allowed, spec.done);
      const invoice = await spec.perform({ client, invoice: found, options, idempotencyKey, context });
      return {
        objectId: invoice.id,
        url: dashboardUrl(credentials.secretKey, `invoices/${invoice.id}`),
        object: invoice as unknown as JsonObject,
        output: { number: invoice.number, status: invoice.status, hosted_invoice_url: invoice.hosted_invoice_url ?? null },
        summary: `${spec.done[0]!.toUpperCase()}${spec.done.slice(1)} invoice ${describeInvoice(invoice)}; it is now ${invoice.status}`,
      };
    },
  };
}
