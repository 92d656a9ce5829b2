import { ConnectorError } from '../../sdk';
import { callStripe } from '../errors';
import { invoiceAction } from '../invoice-action';

export const sendInvoice = invoiceAction<Record<string, never>>({
  name: 'send-invoice',
  displayName: 'Send Invoice',
  description: 'Emails an invoice to the customer with a link to pay it (a draft is finalized first).',
  looksFor: ['open', 'draft'],
  allowed: ['draft', 'open'],
  done: 'sent',
  async perform({ client, invoice, idempotencyKey }) {
    if (invoice.collection_method !== 'send_invoice') {
      throw new ConnectorError(
        'item',
        `invoice: ${invoice.id} is charged automatically (collection method ${invoice.collection_method}); Stripe only emails invoices that are sent for payment. Create it with "Collection: send_invoice", or use Pay Invoice.`,
        { param: 'invoice', code: 'invoice_collection_method' },
      );
    }
    return callStripe(() => client.invoices.sendInvoice(invoice.id, {}, { idempotencyKey: idempotencyKey('send-invoice') }));
  },
});
