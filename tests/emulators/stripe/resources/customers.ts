import { newInvoicePrefix } from '../ids';
import { allOf, createdFilter, type StripeObject } from '../store';
import {
  assignFields,
  fieldEquals,
  fromFixture,
  isUnset,
  listOptions,
  mergeMetadata,
  type Operation,
  type OperationContext,
} from './context';
import { searchOperation } from './search';
import { attachTo, checkDefaultPaymentMethod, usePaymentMethod } from './payment-methods';

const PLAIN_FIELDS = ['name', 'email', 'description', 'phone', 'preferred_locales', 'tax_exempt'] as const;
const ADDRESS_KEYS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

function address(value: unknown): Record<string, string | null> | null {
  if (value === undefined || isUnset(value)) return null;
  const given = value as Record<string, string>;
  return Object.fromEntries(ADDRESS_KEYS.map((key) => [key, given[key] || null]));
}

function shipping(value: unknown): Record<string, unknown> | null {
  if (value === undefined || isUnset(value)) return null;
  const given = value as Record<string, unknown>;
  return { address: address(given.address), name: given.name ?? null, phone: given.phone ?? null };
}

function applyCustomerParams(customer: StripeObject, context: OperationContext): void {
  const { params } = context;
  const settings = params.invoice_settings as Record<string, unknown> | undefined;
  // Checked before anything changes: a refused update leaves the customer as it was.
  if (settings && !isUnset(settings) && typeof settings.default_payment_method === 'string' && settings.default_payment_method) {
    checkDefaultPaymentMethod(context.state, customer.id, settings.default_payment_method);
  }
  assignFields(customer, params, PLAIN_FIELDS);
  if (customer.tax_exempt === null) customer.tax_exempt = 'none';
  if (customer.preferred_locales === null) customer.preferred_locales = [];
  if ('address' in params) customer.address = address(params.address);
  if ('shipping' in params) customer.shipping = shipping(params.shipping);
  if ('balance' in params) customer.balance = params.balance;
  mergeMetadata(customer, params.metadata);
  if (settings && !isUnset(settings)) {
    const current = customer.invoice_settings as Record<string, unknown>;
    customer.invoice_settings = {
      ...current,
      ...(settings.default_payment_method !== undefined
        ? { default_payment_method: settings.default_payment_method || null }
        : {}),
      ...(settings.footer !== undefined ? { footer: settings.footer || null } : {}),
    };
  }
  // A payment method given at creation is attached and becomes the default, as in Stripe.
  if (typeof params.payment_method === 'string' && params.payment_method) {
    const attached = attachTo(context, usePaymentMethod(context, params.payment_method, 'payment_method'), customer.id);
    customer.invoice_settings = { ...(customer.invoice_settings as object), default_payment_method: attached.id };
  }
  if (typeof params.source === 'string' && params.source) customer.default_source = params.source;
}

export const createCustomer: Operation = (context) => {
  const customer = fromFixture('customer', 'cus', context);
  Object.assign(customer, {
    email: null,
    name: null,
    description: null,
    phone: null,
    address: null,
    shipping: null,
    currency: null,
    default_source: null,
    invoice_prefix: newInvoicePrefix(),
    next_invoice_sequence: 1,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
  });
  // Inserted first: attaching a payment method given at creation needs the customer to exist.
  context.state.customers.insert(customer);
  try {
    applyCustomerParams(customer, context);
  } catch (error) {
    context.state.customers.remove(customer.id);
    throw error;
  }
  return customer;
};

export const retrieveCustomer: Operation = (context) => {
  const id = context.path.customer;
  if (context.state.deleted.has(id)) return { id, object: 'customer', deleted: true };
  return context.state.customers.require(id);
};

export const updateCustomer: Operation = (context) => {
  const customer = context.state.customers.require(context.path.customer);
  applyCustomerParams(customer, context);
  return customer;
};

export const deleteCustomer: Operation = (context) => {
  const id = context.path.customer;
  context.state.customers.require(id);
  context.state.customers.remove(id);
  context.state.deleted.add(id);
  return { id, object: 'customer', deleted: true };
};

export const listCustomers: Operation = ({ params, state }) =>
  state.customers.list({
    ...listOptions(params),
    filter: allOf(fieldEquals('email', params.email), createdFilter(params.created)),
  });

/** Search clauses such as `email:'a@b.c'`, `name:'Ada'`, `metadata['k']:'v'`, joined by AND. */
export const searchCustomers = searchOperation(
  (s) => s.customers,
  ['email', 'name', 'phone', 'description'],
  '/v1/customers/search',
);
