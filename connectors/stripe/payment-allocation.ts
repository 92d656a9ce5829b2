import type Stripe from 'stripe';

/**
 * How a payment received outside Stripe is spread over a customer's open invoices: earliest
 * due first (an invoice without a due date counts from its creation), each paid in full
 * while the amount lasts; the first invoice the rest cannot pay in full stops the walk.
 *
 * Invoices this same payment already paid (a run that crashed half-way and is now resumed)
 * are recognised by their marker and count first, whatever their place, so the amount is
 * never spent twice and no invoice is paid twice.
 */
export const PAYMENT_KEY = 'tributary_payment';
export const APPLIED_KEY = 'tributary_payment_applied';

export interface Allocation {
  /** Paid by this payment before (found by marker), with the amount applied to each. */
  alreadyPaid: Array<{ invoice: Stripe.Invoice; amount: number }>;
  /** Still to pay, in order, each in full. */
  toPay: Array<{ invoice: Stripe.Invoice; amount: number }>;
  /** What is left once every planned invoice is paid. */
  remaining: number;
  /** The first open invoice the rest could not pay in full, if any. */
  stoppedAt: Stripe.Invoice | null;
}

export function dueTime(invoice: Stripe.Invoice): number {
  return invoice.due_date ?? invoice.created;
}

export function allocatePayment(args: { amount: number; marker: string; invoices: Stripe.Invoice[] }): Allocation {
  const ours = (invoice: Stripe.Invoice) => invoice.metadata?.[PAYMENT_KEY] === args.marker;
  const alreadyPaid = args.invoices
    .filter((invoice) => invoice.status === 'paid' && ours(invoice))
    .map((invoice) => ({ invoice, amount: Number(invoice.metadata?.[APPLIED_KEY] ?? invoice.amount_paid) }));
  let remaining = args.amount - alreadyPaid.reduce((sum, paid) => sum + paid.amount, 0);
  const open = args.invoices
    .filter((invoice) => invoice.status === 'open' && invoice.amount_remaining > 0)
    // Invoices made in the same second tie on time; their numbers still follow the order they were finalized in.
    .sort(
      (a, b) =>
        dueTime(a) - dueTime(b) ||
        a.created - b.created ||
        (a.number ?? '').localeCompare(b.number ?? '', 'en', { numeric: true }) ||
        a.id.localeCompare(b.id),
    );
  const toPay: Allocation['toPay'] = [];
  let stoppedAt: Stripe.Invoice | null = null;
  for (const invoice of open) {
    if (invoice.amount_remaining > remaining) {
      stoppedAt = invoice;
      break;
    }
    toPay.push({ invoice, amount: invoice.amount_remaining });
    remaining -= invoice.amount_remaining;
  }
  return { alreadyPaid, toPay, remaining, stoppedAt };
}
