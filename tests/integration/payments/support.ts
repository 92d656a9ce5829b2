// Shared setup for the payment actions' tests: the runner harness (real PostgreSQL, the
// Stripe emulator, the real runner), item outcomes with their results, and Stripe fixtures
// made through the real client.
import type Stripe from 'stripe';
import type { Harness } from '../runner/harness';

export { runOnce, startHarness, webhookConnection, type Harness } from '../runner/harness';

export interface Outcome {
  item_key: string;
  status: 'sent' | 'skipped' | 'failed';
  destination_object_id: string | null;
  error: { message: string; code?: string; declineCode?: string; param?: string } | null;
  result: { summary: string | null; url: string | null; output: Record<string, unknown> | null } | null;
}

/** A run's items in the order their payloads arrived (items run concurrently, so they are recorded in any order). */
export async function outcomes(h: Harness, runId: string): Promise<Outcome[]> {
  const rows = (await h.database
    .db('run_items')
    .select('item_key', 'status', 'destination_object_id', 'error', 'result')
    .where({ run_id: runId })) as Outcome[];
  return rows.sort((a, b) => a.item_key.localeCompare(b.item_key, 'en', { numeric: true }));
}

/** A customer whose default payment method is one of Stripe's test cards (`visa`, `chargeDeclined`...). */
export async function customerWithCard(h: Harness, card: string, email = 'ann@example.com'): Promise<Stripe.Customer> {
  const stripe = h.stripe.client();
  const customer = await stripe.customers.create({ email });
  const method = await stripe.paymentMethods.attach(`pm_card_${card}`, { customer: customer.id });
  return stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: method.id } });
}

/** An invoice for `amount` (minor units), finalized unless `draft`; `daysUntilDue` makes it a sent invoice with a due date. */
export async function invoiceFor(
  h: Harness,
  customer: string,
  amount: number,
  options: { currency?: string; draft?: boolean; daysUntilDue?: number } = {},
): Promise<Stripe.Invoice> {
  const stripe = h.stripe.client();
  await stripe.invoiceItems.create({ customer, amount, currency: options.currency ?? 'eur' });
  const invoice = await stripe.invoices.create({
    customer,
    currency: options.currency ?? 'eur',
    pending_invoice_items_behavior: 'include',
    ...(options.daysUntilDue !== undefined ? { collection_method: 'send_invoice', days_until_due: options.daysUntilDue } : {}),
  });
  return options.draft ? invoice : stripe.invoices.finalizeInvoice(invoice.id);
}

/** Requests the product (not the test's own set-up) sent to Stripe that change something, by path. */
export function writes(h: Harness): string[] {
  return h.stripe.requests
    .filter((request) => request.method === 'POST' && request.idempotencyKey?.startsWith('trb_'))
    .map((request) => request.path);
}
