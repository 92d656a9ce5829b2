import { callStripe } from '../errors';
import { invoiceAction } from '../invoice-action';

export interface FinalizeInvoiceOptions extends Record<string, unknown> {
  autoAdvance?: boolean;
}

export const finalizeInvoice = invoiceAction<FinalizeInvoiceOptions>({
  name: 'finalize-invoice',
  displayName: 'Finalize Invoice',
  description: 'Finalizes a draft invoice: it gets its number and can be paid or sent.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      autoAdvance: {
        type: 'boolean',
        title: 'Let Stripe collect it automatically afterwards',
        description: 'On: Stripe charges or emails it as its collection method says. Off: it waits for you (or another action).',
        default: false,
      },
    },
  },
  looksFor: ['draft'],
  allowed: ['draft'],
  done: 'finalized',
  perform: ({ client, invoice, options, idempotencyKey }) =>
    callStripe(() =>
      client.invoices.finalizeInvoice(
        invoice.id,
        { auto_advance: options.autoAdvance ?? false },
        { idempotencyKey: idempotencyKey('finalize-invoice') },
      ),
    ),
});
