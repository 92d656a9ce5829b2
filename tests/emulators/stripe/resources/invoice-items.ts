import { invalidRequest, parameterMissing } from '../errors';
import { newId, nowSeconds } from '../ids';
import { fixture } from '../spec/load';
import type { StripeState } from '../state';
import { allOf, createdFilter, type StripeObject } from '../store';
import { assignFields, fieldEquals, fromFixture, listOptions, mergeMetadata, type Operation, type Params } from './context';
import { attachItem, detachItem, refreshInvoice } from './invoice-lines';

/** The price an invoice item points at: a stored price, or an inline one Stripe makes for it. */
function inlinePrice(currency: string, unitAmount: number, product: string, livemode: boolean): StripeObject {
  const price = fixture('price') as StripeObject;
  Object.assign(price, {
    id: newId('price'),
    created: nowSeconds(),
    currency,
    livemode,
    product,
    recurring: null,
    type: 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: String(unitAmount),
    metadata: {},
  });
  return price;
}

/** Amount, quantity and price from whichever of amount / price / price_data / unit_amount was sent. */
function pricing(state: StripeState, params: Params, item: StripeObject, livemode: boolean): void {
  const quantity = (params.quantity as number | undefined) ?? (item.quantity as number | undefined) ?? 1;
  let price: StripeObject;
  if (typeof params.price === 'string') {
    price = state.prices.require(params.price, 'price');
  } else if (params.price_data) {
    const data = params.price_data as { currency: string; product: string; unit_amount?: number; unit_amount_decimal?: string };
    state.products.require(data.product, 'price_data[product]');
    const unit = data.unit_amount ?? Math.round(Number(data.unit_amount_decimal ?? 0));
    price = inlinePrice(data.currency, unit, data.product, livemode);
  } else if (typeof params.unit_amount === 'number') {
    price = inlinePrice(currencyOf(params, item), params.unit_amount, newId('prod'), livemode);
  } else if (typeof params.amount === 'number') {
    price = inlinePrice(currencyOf(params, item), Math.round(params.amount / quantity), newId('prod'), livemode);
    Object.assign(item, { price, quantity, amount: params.amount, currency: price.currency });
    Object.assign(item, { unit_amount: price.unit_amount, unit_amount_decimal: price.unit_amount_decimal });
    return;
  } else if (item.price) {
    price = item.price as StripeObject;
  } else {
    throw parameterMissing('amount');
  }
  const unit = price.unit_amount as number;
  Object.assign(item, {
    price,
    quantity,
    amount: unit * quantity,
    currency: price.currency,
    unit_amount: unit,
    unit_amount_decimal: String(unit),
  });
}

function currencyOf(params: Params, item: StripeObject): string {
  return (params.currency as string | undefined) ?? (item.currency as string | undefined) ?? 'usd';
}

function draftInvoice(state: StripeState, id: string): StripeObject {
  const invoice = state.invoices.require(id, 'invoice');
  if (invoice.status !== 'draft') {
    throw invalidRequest(
      `Invoice ${id} is ${String(invoice.status)}; invoice items can only be added to or changed on draft invoices.`,
      { param: 'invoice', code: 'invoice_not_editable' },
    );
  }
  return invoice;
}

export const createInvoiceItem: Operation = (context) => {
  const { params, state, livemode } = context;
  const customerId = params.customer as string;
  const customer = state.customers.require(customerId, 'customer');
  const invoice = typeof params.invoice === 'string' ? draftInvoice(state, params.invoice) : undefined;
  const item = fromFixture('invoiceitem', 'ii', context);
  const now = nowSeconds();
  Object.assign(item, { customer: customerId, date: now, description: null, invoice: null, period: { start: now, end: now } });
  Object.assign(item, { discounts: [], discountable: true, tax_rates: [], subscription: null, quantity: 1 });
  delete item.price;
  if (params.period) item.period = params.period;
  assignFields(item, params, ['description', 'discountable']);
  mergeMetadata(item, params.metadata);
  pricing(state, params, item, livemode);
  state.invoiceItems.insert(item);
  if (invoice) {
    if (invoice.currency !== item.currency) {
      state.invoiceItems.remove(item.id);
      throw invalidRequest(
        `The currency of this invoice item (${String(item.currency)}) must match the invoice's (${String(invoice.currency)}).`,
        { param: 'currency' },
      );
    }
    attachItem(state, invoice, item);
  }
  // A customer's first invoice item sets their currency, the default of their invoices.
  customer.currency ??= item.currency;
  return item;
};

export const retrieveInvoiceItem: Operation = ({ path, state }) => state.invoiceItems.require(path.invoiceitem);

/** Items on a finalized invoice are frozen, as the invoice itself is. */
function editableItem(state: StripeState, id: string): StripeObject {
  const item = state.invoiceItems.require(id);
  if (typeof item.invoice === 'string') draftInvoice(state, item.invoice);
  return item;
}

export const updateInvoiceItem: Operation = (context) => {
  const { params, path, state, livemode } = context;
  const item = editableItem(state, path.invoiceitem);
  assignFields(item, params, ['description', 'discountable']);
  if (params.period) item.period = params.period;
  mergeMetadata(item, params.metadata);
  if (['amount', 'price', 'price_data', 'unit_amount', 'quantity'].some((key) => key in params)) {
    pricing(state, params, item, livemode);
  }
  const invoice = typeof item.invoice === 'string' ? state.invoices.get(item.invoice) : undefined;
  if (invoice) refreshInvoice(state, invoice);
  return item;
};

export const deleteInvoiceItem: Operation = ({ path, state }) => {
  const item = editableItem(state, path.invoiceitem);
  detachItem(state, item);
  state.invoiceItems.remove(item.id);
  return { id: item.id, object: 'invoiceitem', deleted: true };
};

export const listInvoiceItems: Operation = ({ params, state }) =>
  state.invoiceItems.list({
    ...listOptions(params),
    filter: allOf(
      fieldEquals('customer', params.customer),
      fieldEquals('invoice', params.invoice),
      params.pending === undefined ? undefined : (o) => (o.invoice === null) === params.pending,
      createdFilter(params.created, 'date'),
    ),
  });
