import Stripe from 'stripe';
import { ConnectorError } from '../sdk';
import { callStripe, toConnectorError } from './errors';
import { customerLabel, requireCustomer } from './find-customer';

/**
 * The "invoice" input of the invoice actions: an invoice id, or a customer (id or email)
 * whose newest invoice in one of the statuses the action works on is meant.
 */
export const invoiceReferenceSchema = {
  type: 'string',
  title: 'Invoice',
  description: 'An invoice id (in_...), or a customer id or email for that customer’s latest invoice this action can work on.',
  minLength: 1,
  maxLength: 512,
};

export type InvoiceStatus = NonNullable<Stripe.Invoice['status']>;

const words = (statuses: readonly string[]) =>
  statuses.length > 1 ? `${statuses.slice(0, -1).join(', ')} or ${statuses[statuses.length - 1]}` : statuses[0];

export async function findInvoice(
  client: Stripe,
  reference: string,
  statuses: readonly InvoiceStatus[],
): Promise<Stripe.Invoice> {
  const trimmed = reference.trim();
  if (trimmed.startsWith('in_')) {
    try {
      return await client.invoices.retrieve(trimmed);
    } catch (caught) {
      if (caught instanceof Stripe.errors.StripeInvalidRequestError && caught.code === 'resource_missing') {
        throw new ConnectorError('item', `invoice: there is no invoice ${trimmed} in this Stripe account.`, { param: 'invoice' });
      }
      throw toConnectorError(caught);
    }
  }
  const customer = await requireCustomer(client, trimmed).catch((error: unknown) => {
    if (error instanceof ConnectorError && error.kind === 'item') {
      throw new ConnectorError(
        'item',
        `invoice: "${trimmed}" is not an invoice id, and ${error.message.replace(/^customer: /, '')}`,
        {
          param: 'invoice',
        },
      );
    }
    throw error;
  });
  const candidates: Stripe.Invoice[] = [];
  for (const status of statuses) {
    const page = await callStripe(() => client.invoices.list({ customer: customer.id, status, limit: 1 }));
    candidates.push(...page.data);
  }
  const newest = candidates.sort((a, b) => b.created - a.created)[0];
  if (newest) return newest;
  const latest = (await callStripe(() => client.invoices.list({ customer: customer.id, limit: 1 }))).data[0];
  const hint = latest ? ` Their latest invoice, ${latest.id}, is ${latest.status}.` : ' They have no invoices at all.';
  throw new ConnectorError('item', `invoice: customer ${customerLabel(customer)} has no ${words(statuses)} invoice.${hint}`, {
    param: 'invoice',
  });
}

/** Refuses an invoice whose status does not allow the action, naming the status. */
export function requireStatus(invoice: Stripe.Invoice, allowed: readonly InvoiceStatus[], action: string): void {
  const status = invoice.status ?? 'unknown';
  if (allowed.includes(status as InvoiceStatus)) return;
  throw new ConnectorError(
    'item',
    `invoice: ${invoice.id} is ${status}, so it cannot be ${action}; only a ${words(allowed)} invoice can be.`,
    { param: 'invoice', code: 'invoice_status', status },
  );
}
