import { callStripe } from '../errors';
import { invoiceAction } from '../invoice-action';

export const voidInvoice = invoiceAction<Record<string, never>>({
  name: 'void-invoice',
  displayName: 'Void Invoice',
  description: 'Voids an open invoice that should not be paid; it stays on record with status void.',
  looksFor: ['open'],
  allowed: ['open', 'uncollectible'],
  done: 'voided',
  perform: ({ client, invoice, idempotencyKey }) =>
    callStripe(() => client.invoices.voidInvoice(invoice.id, {}, { idempotencyKey: idempotencyKey('void-invoice') })),
});
