import { invalidRequest, parameterMissing } from '../errors';
import { nowSeconds } from '../ids';
import { fromFixture, type Operation } from './context';
import { refreshInvoice } from './invoice-lines';

/**
 * GET /v1/invoices/upcoming: what the customer's next invoice would be made of, their
 * pending invoice items, without creating anything. Like Stripe's preview it has no id,
 * and a customer with nothing pending has no upcoming invoice (404 invoice_upcoming_none).
 */
export const upcomingInvoice: Operation = (context) => {
  const { params, state } = context;
  if (typeof params.customer !== 'string') throw parameterMissing('customer');
  const customer = state.customers.require(params.customer, 'customer');
  const currency = (params.currency as string | undefined) ?? (customer.currency as string | null) ?? undefined;
  const pending = state.invoiceItems
    .all()
    .filter((item) => item.customer === customer.id && item.invoice === null && (!currency || item.currency === currency));
  if (pending.length === 0) {
    throw invalidRequest(`No upcoming invoices for customer: ${customer.id}`, { code: 'invoice_upcoming_none', status: 404 });
  }
  const invoice = fromFixture('invoice', 'in', context);
  const now = nowSeconds();
  Object.assign(invoice, {
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name,
    currency: pending[0]!.currency,
    status: 'draft',
    number: null,
    amount_paid: 0,
    paid: false,
    attempted: false,
    attempt_count: 0,
    due_date: null,
    effective_at: null,
    period_start: now,
    period_end: now,
    next_payment_attempt: now + 3600,
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
  });
  const items = pending.filter((item) => item.currency === invoice.currency).map((item) => item.id);
  Object.defineProperty(invoice, '__items', { value: items, enumerable: false, writable: true, configurable: true });
  refreshInvoice(state, invoice);
  const preview: Record<string, unknown> = { ...invoice };
  delete preview.id;
  return preview;
};
