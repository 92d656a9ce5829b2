import type Stripe from 'stripe';
import { cardFailure, isReplayedDecline } from '../card-failures';
import { callStripe } from '../errors';
import { requireStatus } from '../find-invoice';
import { invoiceAction } from '../invoice-action';
import { defaultPaymentMethodOf, noPaymentMethod } from '../payment-methods';

export interface PayInvoiceOptions extends Record<string, unknown> {
  paidOutOfBand?: boolean;
}

export const payInvoice = invoiceAction<PayInvoiceOptions>({
  name: 'pay-invoice',
  displayName: 'Pay Invoice',
  description:
    'Charges an open invoice to the customer’s default payment method (off-session), or records it as paid outside Stripe.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      paidOutOfBand: {
        type: 'boolean',
        title: 'The money was received outside Stripe (bank transfer, cash)',
        description: 'On: the invoice is marked paid and nothing is charged. Off: the customer’s default card is charged.',
        default: false,
      },
    },
  },
  looksFor: ['open'],
  allowed: ['draft', 'open'],
  done: 'paid',
  async perform({ client, invoice, options, idempotencyKey }) {
    if (options.paidOutOfBand) {
      return callStripe(() =>
        client.invoices.pay(invoice.id, { paid_out_of_band: true }, { idempotencyKey: idempotencyKey('pay-invoice') }),
      );
    }
    const customer = (await callStripe(() => client.customers.retrieve(invoice.customer as string))) as Stripe.Customer;
    if (!invoice.default_payment_method && !defaultPaymentMethodOf(customer)) {
      throw noPaymentMethod(customer, `for invoice ${invoice.id}`);
    }
    const what = `The payment of invoice ${invoice.id}`;
    try {
      return await client.invoices.pay(invoice.id, { off_session: true }, { idempotencyKey: idempotencyKey('pay-invoice') });
    } catch (caught) {
      if (!isReplayedDecline(caught)) throw cardFailure(caught, what);
    }
    // This item was declined before and is being sent again: try the card once more.
    const fresh = await callStripe(() => client.invoices.retrieve(invoice.id));
    if (fresh.status === 'paid') return fresh;
    requireStatus(fresh, ['open'], 'paid');
    try {
      return await client.invoices.pay(
        fresh.id,
        { off_session: true },
        { idempotencyKey: idempotencyKey(`pay-invoice:attempt-${fresh.attempt_count}`) },
      );
    } catch (caught) {
      throw cardFailure(caught, what);
    }
  },
});
