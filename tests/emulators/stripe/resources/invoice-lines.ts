import { fixture } from '../spec/load';
import type { StripeState } from '../state';
import type { StripeObject } from '../store';

/**
 * An invoice's lines mirror its invoice items; totals are recomputed from them whenever an
 * item is attached, changed or removed. No tax or discounts are modelled, so subtotal = total.
 */
const LINES_SHOWN = 10;

function lineFor(item: StripeObject, invoiceId: string): StripeObject {
  const line = fixture('line_item') as StripeObject;
  Object.assign(line, {
    id: `il_${item.id.slice(3)}`,
    amount: item.amount,
    amount_excluding_tax: item.amount,
    currency: item.currency,
    description: item.description,
    discountable: item.discountable,
    invoice: invoiceId,
    invoice_item: item.id,
    livemode: item.livemode,
    metadata: item.metadata,
    period: item.period,
    price: item.price,
    quantity: item.quantity,
    unit_amount_excluding_tax: item.unit_amount_decimal,
  });
  return line;
}

export function refreshInvoice(state: StripeState, invoice: StripeObject): void {
  const ids = (invoice.__items as string[] | undefined) ?? [];
  const items = ids.map((id) => state.invoiceItems.get(id)).filter((i): i is StripeObject => i !== undefined);
  const lines = items.map((item) => lineFor(item, invoice.id));
  const total = items.reduce((sum, item) => sum + (item.amount as number), 0);
  Object.assign(invoice, {
    lines: {
      object: 'list',
      data: lines.slice(0, LINES_SHOWN),
      has_more: lines.length > LINES_SHOWN,
      url: `/v1/invoices/${invoice.id}/lines`,
    },
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_excluding_tax: total,
    amount_due: total,
    amount_remaining: invoice.status === 'paid' ? 0 : total - (invoice.amount_paid as number),
  });
}

export function attachItem(state: StripeState, invoice: StripeObject, item: StripeObject): void {
  const ids = (invoice.__items as string[] | undefined) ?? [];
  if (!ids.includes(item.id)) ids.push(item.id);
  // The item list is bookkeeping; it is hidden from responses.
  Object.defineProperty(invoice, '__items', { value: ids, enumerable: false, writable: true, configurable: true });
  item.invoice = invoice.id;
  refreshInvoice(state, invoice);
}

export function detachItem(state: StripeState, item: StripeObject): void {
  const invoice = typeof item.invoice === 'string' ? state.invoices.get(item.invoice) : undefined;
  item.invoice = null;
  if (!invoice) return;
  const ids = (invoice.__items as string[] | undefined) ?? [];
  invoice.__items = ids.filter((id) => id !== item.id);
  refreshInvoice(state, invoice);
}
