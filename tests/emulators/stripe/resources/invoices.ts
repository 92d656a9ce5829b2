import { invalidRequest, parameterMissing } from '../errors';
import { nowSeconds } from '../ids';
import type { StripeState } from '../state';
import { allOf, createdFilter, type StripeObject } from '../store';
import { assignFields, fieldEquals, fromFixture, listOptions, mergeMetadata, type Operation, type Params } from './context';
import { attachItem, detachItem, refreshInvoice } from './invoice-lines';

const EDITABLE_FIELDS = [
  'description',
  'footer',
  'statement_descriptor',
  'auto_advance',
  'default_payment_method',
  'default_source',
] as const;
const DAY = 86_400;

export function notAllowed(invoice: StripeObject, action: string): Error {
  return invalidRequest(`You can't ${action} an invoice whose status is '${String(invoice.status)}' (invoice ${invoice.id}).`, {
    code: 'invoice_not_editable',
  });
}

function applyCollection(invoice: StripeObject, params: Params): void {
  if (params.collection_method) invoice.collection_method = params.collection_method;
  if (invoice.collection_method !== 'send_invoice') {
    invoice.due_date = null;
    return;
  }
  if (typeof params.due_date === 'number') invoice.due_date = params.due_date;
  else if (typeof params.days_until_due === 'number')
    invoice.due_date = (invoice.created as number) + params.days_until_due * DAY;
  else if (invoice.due_date === null) throw parameterMissing('days_until_due');
}

export const createInvoice: Operation = (context) => {
  const { params, state } = context;
  if (typeof params.customer !== 'string') throw parameterMissing('customer');
  const customer = state.customers.require(params.customer, 'customer');
  const invoice = fromFixture('invoice', 'in', context);
  const now = invoice.created as number;
  const pending =
    params.pending_invoice_items_behavior === 'include'
      ? state.invoiceItems.all().filter((item) => item.customer === customer.id && item.invoice === null)
      : [];
  // As Stripe does: the invoice is in the currency asked for, else the customer's (set by
  // their first invoice item), else the account's default; it takes only the pending
  // items in that currency and leaves the others pending.
  const currency = (params.currency as string | undefined) ?? (customer.currency as string | null) ?? 'usd';
  Object.assign(invoice, {
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name,
    customer_phone: customer.phone,
    customer_address: customer.address,
    customer_shipping: customer.shipping,
    customer_tax_exempt: customer.tax_exempt,
    currency,
    status: 'draft',
    number: null,
    amount_paid: 0,
    paid: false,
    attempted: false,
    attempt_count: 0,
    auto_advance: false,
    collection_method: 'charge_automatically',
    due_date: null,
    effective_at: null,
    next_payment_attempt: null,
    period_start: now,
    period_end: now,
    webhooks_delivered_at: null,
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
  });
  assignFields(invoice, params, EDITABLE_FIELDS);
  mergeMetadata(invoice, params.metadata);
  applyCollection(invoice, params);
  if (invoice.collection_method === 'charge_automatically' && invoice.auto_advance) invoice.next_payment_attempt = now + 3600;
  Object.defineProperty(invoice, '__items', { value: [], enumerable: false, writable: true, configurable: true });
  refreshInvoice(state, invoice);
  state.invoices.insert(invoice);
  for (const item of pending) if (item.currency === currency) attachItem(state, invoice, item);
  return invoice;
};

export const retrieveInvoice: Operation = ({ path, state }) => state.invoices.require(path.invoice);

export const updateInvoice: Operation = ({ params, path, state }) => {
  const invoice = state.invoices.require(path.invoice);
  const changesMoreThanMetadata = Object.keys(params).some((key) => key !== 'metadata' && key !== 'expand');
  if (invoice.status !== 'draft' && changesMoreThanMetadata) throw notAllowed(invoice, 'update fields other than metadata on');
  assignFields(invoice, params, EDITABLE_FIELDS);
  mergeMetadata(invoice, params.metadata);
  if ('collection_method' in params || 'days_until_due' in params || 'due_date' in params) applyCollection(invoice, params);
  return invoice;
};

export const deleteInvoice: Operation = ({ path, state }) => {
  const invoice = state.invoices.require(path.invoice);
  if (invoice.status !== 'draft') throw notAllowed(invoice, 'delete');
  // Deleting a draft returns its items to the customer's pending items.
  for (const id of [...((invoice.__items as string[] | undefined) ?? [])]) {
    const item = state.invoiceItems.get(id);
    if (item) detachItem(state, item);
  }
  state.invoices.remove(invoice.id);
  return { id: invoice.id, object: 'invoice', deleted: true };
};

export function finalize(state: StripeState, invoice: StripeObject): void {
  const customer = state.customers.get(invoice.customer as string);
  const sequence = (customer?.next_invoice_sequence as number | undefined) ?? 1;
  if (customer) customer.next_invoice_sequence = sequence + 1;
  const now = nowSeconds();
  const prefix = (customer?.invoice_prefix as string | undefined) ?? 'EMULATOR';
  Object.assign(invoice, {
    status: 'open',
    number: `${prefix}-${String(sequence).padStart(4, '0')}`,
    effective_at: now,
    hosted_invoice_url: `https://invoice.stripe.com/i/emulator/${invoice.id}`,
    invoice_pdf: `https://pay.stripe.com/invoice/emulator/${invoice.id}/pdf`,
    status_transitions: { ...(invoice.status_transitions as object), finalized_at: now },
  });
  // Stripe settles a zero-amount invoice as soon as it is finalized.
  if (invoice.amount_due === 0) markPaid(invoice, now);
}

export function markPaid(invoice: StripeObject, now: number): void {
  Object.assign(invoice, {
    status: 'paid',
    paid: true,
    attempted: true,
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    next_payment_attempt: null,
    status_transitions: { ...(invoice.status_transitions as object), paid_at: now },
  });
}

export const finalizeInvoice: Operation = ({ params, path, state }) => {
  const invoice = state.invoices.require(path.invoice);
  if (invoice.status !== 'draft') throw notAllowed(invoice, 'finalize');
  if (typeof params.auto_advance === 'boolean') invoice.auto_advance = params.auto_advance;
  finalize(state, invoice);
  return invoice;
};

export const sendInvoice: Operation = ({ path, state }) => {
  const invoice = state.invoices.require(path.invoice);
  if (invoice.collection_method !== 'send_invoice') {
    throw invalidRequest("You can only manually send an invoice whose collection_method is 'send_invoice'.");
  }
  if (invoice.status === 'draft') finalize(state, invoice);
  if (invoice.status === 'void') throw notAllowed(invoice, 'send');
  return invoice;
};

export const voidInvoice: Operation = ({ path, state }) => {
  const invoice = state.invoices.require(path.invoice);
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') throw notAllowed(invoice, 'void');
  const now = nowSeconds();
  Object.assign(invoice, {
    status: 'void',
    amount_remaining: 0,
    next_payment_attempt: null,
    status_transitions: { ...(invoice.status_transitions as object), voided_at: now },
  });
  return invoice;
};

export const listInvoices: Operation = ({ params, state }) =>
  state.invoices.list({
    ...listOptions(params),
    filter: allOf(
      fieldEquals('customer', params.customer),
      fieldEquals('status', params.status),
      fieldEquals('collection_method', params.collection_method),
      fieldEquals('subscription', params.subscription),
      createdFilter(params.created),
    ),
  });
