import crypto from 'node:crypto';
import { invalidRequest, parameterMissing } from '../errors';
import type { StripeState } from '../state';
import type { StripeObject } from '../store';
import {
  fieldEquals,
  fromFixture,
  listOptions,
  mergeMetadata,
  type Operation,
  type OperationContext,
  type Params,
} from './context';
import { cardByNumber, cardOf, cardOfMagicId, charge, chargeFailed, setCardOf, type TestCard } from './test-cards';

/** Card payment methods: created from test tokens or numbers, attached to customers, one of them the default. */

const NO_ADDRESS = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

function noSuchPaymentMethod(id: string, param: string): Error {
  return invalidRequest(`No such PaymentMethod: '${id}'`, {
    code: 'resource_missing',
    param,
    status: param === 'id' ? 404 : 400,
  });
}

function newPaymentMethod(context: OperationContext, card: TestCard, params: Params = {}): StripeObject {
  const paymentMethod = fromFixture('payment_method', 'pm', context);
  const sample = paymentMethod.card as Record<string, unknown>;
  const given = (params.billing_details ?? {}) as Record<string, unknown>;
  Object.assign(paymentMethod, {
    type: 'card',
    customer: null,
    billing_details: {
      address: { ...NO_ADDRESS, ...((given.address as object | undefined) ?? {}) },
      email: given.email ?? null,
      name: given.name ?? null,
      phone: given.phone ?? null,
    },
    card: {
      ...sample,
      brand: card.brand,
      display_brand: card.brand,
      last4: card.number.slice(-4),
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      fingerprint: crypto.createHash('sha256').update(card.number).digest('base64url').slice(0, 16),
      networks: { available: [card.brand], preferred: null },
    },
  });
  mergeMetadata(paymentMethod, params.metadata);
  setCardOf(paymentMethod, card);
  return context.state.paymentMethods.insert(paymentMethod);
}

/**
 * A payment method by id. Stripe's magic test ids (`pm_card_visa`) stand for a fresh
 * payment method each time they are used, as in Stripe's test mode.
 */
export function usePaymentMethod(context: OperationContext, id: string, param: string): StripeObject {
  const stored = context.state.paymentMethods.get(id);
  if (stored) return stored;
  const card = cardOfMagicId(id);
  if (!card || id.startsWith('tok_')) throw noSuchPaymentMethod(id, param);
  return newPaymentMethod(context, card);
}

export function attachTo(context: OperationContext, paymentMethod: StripeObject, customerId: string): StripeObject {
  context.state.customers.require(customerId, 'customer');
  if (paymentMethod.customer === customerId) return paymentMethod;
  if (paymentMethod.customer) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      code: 'payment_method_unexpected_state',
    });
  }
  const card = cardOf(paymentMethod);
  if (card.refusedOnAttach) {
    const result = charge(card, true);
    if (result.outcome === 'failed') throw chargeFailed(result.error, { payment_method: paymentMethod });
  }
  paymentMethod.customer = customerId;
  return paymentMethod;
}

/** The default payment method a customer is charged with off session, or null. */
export function defaultPaymentMethodOf(state: StripeState, customerId: string): StripeObject | null {
  const customer = state.customers.get(customerId);
  const settings = customer?.invoice_settings as { default_payment_method?: string | null } | undefined;
  const id = settings?.default_payment_method;
  return id ? (state.paymentMethods.get(id) ?? null) : null;
}

/** Setting a customer's default: Stripe requires the payment method to be attached to that customer. */
export function checkDefaultPaymentMethod(state: StripeState, customerId: string, id: string): void {
  const paymentMethod = state.paymentMethods.get(id);
  if (!paymentMethod) throw noSuchPaymentMethod(id, 'invoice_settings[default_payment_method]');
  if (paymentMethod.customer !== customerId) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      { param: 'invoice_settings[default_payment_method]' },
    );
  }
}

export const createPaymentMethod: Operation = (context) => {
  const { params } = context;
  if (params.type !== 'card') {
    throw invalidRequest('This emulator creates card payment methods only (type=card).', { param: 'type' });
  }
  const details = params.card as Record<string, unknown> | undefined;
  if (!details) throw parameterMissing('card');
  const card = typeof details.token === 'string' ? cardOfMagicId(details.token) : cardByNumber(String(details.number ?? ''));
  if (!card) {
    throw invalidRequest('Use one of Stripe’s test cards (a tok_... token or a 4242 4242 4242 4242 style test number).', {
      code: typeof details.token === 'string' ? 'token_already_used' : 'incorrect_number',
      param: typeof details.token === 'string' ? 'card[token]' : 'card[number]',
    });
  }
  return newPaymentMethod(context, card, params);
};

export const retrievePaymentMethod: Operation = ({ path, state }) => {
  const found = state.paymentMethods.get(path.payment_method);
  if (!found) throw noSuchPaymentMethod(path.payment_method, 'id');
  return found;
};

export const attachPaymentMethod: Operation = (context) =>
  attachTo(context, usePaymentMethod(context, context.path.payment_method, 'payment_method'), context.params.customer as string);

export const detachPaymentMethod: Operation = ({ path, state }) => {
  const paymentMethod = state.paymentMethods.get(path.payment_method);
  if (!paymentMethod) throw noSuchPaymentMethod(path.payment_method, 'id');
  if (!paymentMethod.customer) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', {
      code: 'payment_method_unexpected_state',
    });
  }
  const customer = state.customers.get(paymentMethod.customer as string);
  const settings = customer?.invoice_settings as Record<string, unknown> | undefined;
  // A detached payment method stops being the customer's default.
  if (customer && settings?.default_payment_method === paymentMethod.id) {
    customer.invoice_settings = { ...settings, default_payment_method: null };
  }
  paymentMethod.customer = null;
  return paymentMethod;
};

export const listPaymentMethods: Operation = ({ params, state }) =>
  state.paymentMethods.list({
    ...listOptions(params),
    filter: (o) =>
      (params.customer === undefined || o.customer === params.customer) && (fieldEquals('type', params.type)?.(o) ?? true),
  });

export const listCustomerPaymentMethods: Operation = ({ params, path, state }) => {
  state.customers.require(path.customer);
  return state.paymentMethods.list(
    {
      ...listOptions(params),
      filter: (o) => o.customer === path.customer && (fieldEquals('type', params.type)?.(o) ?? true),
    },
    `/v1/customers/${path.customer}/payment_methods`,
  );
};
