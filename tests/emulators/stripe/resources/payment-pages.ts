import { invalidRequest, parameterMissing } from '../errors';
import { allOf, createdFilter, type StripeObject } from '../store';
import {
  fieldEquals,
  fromFixture,
  listOptions,
  mergeMetadata,
  type Operation,
  type OperationContext,
  type Params,
} from './context';

/** Stripe-hosted payment pages: payment links and Checkout Sessions. */

interface LineItemParam {
  price?: string;
  quantity?: number;
  price_data?: { currency: string; unit_amount?: number; product?: string; product_data?: { name: string } };
}

const MINUTE = 60;
const DAY = 86_400;

/** Sum and currency of the line items; each referenced price must exist and all must share one currency. */
function lineItemsTotal(context: OperationContext, lines: LineItemParam[]): { total: number; currency: string | null } {
  let total = 0;
  let currency: string | null = null;
  lines.forEach((line, i) => {
    const quantity = line.quantity ?? 1;
    let lineCurrency: string;
    if (line.price) {
      const price = context.state.prices.require(line.price, `line_items[${i}][price]`);
      total += ((price.unit_amount as number | null) ?? 0) * quantity;
      lineCurrency = price.currency as string;
    } else if (line.price_data) {
      if (!line.price_data.product && !line.price_data.product_data) {
        throw parameterMissing(`line_items[${i}][price_data][product_data]`);
      }
      total += (line.price_data.unit_amount ?? 0) * quantity;
      lineCurrency = line.price_data.currency;
    } else {
      throw parameterMissing(`line_items[${i}][price]`);
    }
    if (currency !== null && lineCurrency !== currency) {
      throw invalidRequest(`All line items must have the same currency; line ${i} is in ${lineCurrency}, not ${currency}.`, {
        param: `line_items[${i}]`,
      });
    }
    currency = lineCurrency;
  });
  return { total, currency };
}

function afterCompletion(value: unknown): Record<string, unknown> {
  const given = (value ?? { type: 'hosted_confirmation' }) as Record<string, Record<string, unknown> | string>;
  if (given.type === 'redirect') {
    const redirect = given.redirect as { url?: string } | undefined;
    if (!redirect?.url) throw parameterMissing('after_completion[redirect]');
    return { type: 'redirect', redirect: { url: redirect.url } };
  }
  const confirmation = given.hosted_confirmation as { custom_message?: string } | undefined;
  return { type: 'hosted_confirmation', hosted_confirmation: { custom_message: confirmation?.custom_message ?? null } };
}

function restrictions(value: unknown): Record<string, unknown> | null {
  const given = value as { completed_sessions?: { limit: number } } | undefined | '';
  if (!given || !given.completed_sessions) return null;
  return { completed_sessions: { count: 0, limit: given.completed_sessions.limit } };
}

function applyLinkParams(link: StripeObject, params: Params): void {
  if ('after_completion' in params) link.after_completion = afterCompletion(params.after_completion);
  if ('restrictions' in params) link.restrictions = restrictions(params.restrictions);
  if (typeof params.active === 'boolean') link.active = params.active;
  if ('inactive_message' in params) link.inactive_message = params.inactive_message || null;
  mergeMetadata(link, params.metadata);
}

export const createPaymentLink: Operation = (context) => {
  const { params, state } = context;
  const { currency } = lineItemsTotal(context, params.line_items as LineItemParam[]);
  const link = fromFixture('payment_link', 'plink', context);
  link.currency = currency ?? 'usd';
  link.url = `https://buy.stripe.com/test_${link.id.slice(6, 20)}`;
  link.after_completion = afterCompletion(undefined);
  applyLinkParams(link, params);
  return state.paymentLinks.insert(link);
};

export const listPaymentLinks: Operation = ({ params, state }) =>
  state.paymentLinks.list({
    ...listOptions(params),
    filter: typeof params.active === 'boolean' ? (o) => o.active === params.active : undefined,
  });

export const retrievePaymentLink: Operation = ({ path, state }) => state.paymentLinks.require(path.payment_link);

export const updatePaymentLink: Operation = ({ params, path, state }) => {
  const link = state.paymentLinks.require(path.payment_link);
  applyLinkParams(link, params);
  return link;
};

export const createCheckoutSession: Operation = (context) => {
  const { params, state } = context;
  if (!params.mode) throw parameterMissing('mode');
  if (params.customer) state.customers.require(params.customer as string, 'customer');
  if (params.customer && params.customer_email) {
    throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', { param: 'customer_email' });
  }
  const lines = (params.line_items as LineItemParam[] | undefined) ?? [];
  if (params.mode === 'payment' && lines.length === 0) throw parameterMissing('line_items');
  const { total, currency } = lineItemsTotal(context, lines);
  const session = fromFixture('checkout.session', 'cs_test', context);
  const now = session.created as number;
  const expiresAt = (params.expires_at as number | undefined) ?? now + DAY;
  if (expiresAt < now + 30 * MINUTE) {
    throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', {
      param: 'expires_at',
    });
  }
  if (expiresAt > now + DAY) {
    throw invalidRequest('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', {
      param: 'expires_at',
    });
  }
  Object.assign(session, {
    mode: params.mode,
    status: 'open',
    payment_status: 'unpaid',
    customer: params.customer ?? null,
    customer_email: params.customer_email ?? null,
    customer_details: null,
    client_reference_id: params.client_reference_id ?? null,
    success_url: params.success_url ?? null,
    cancel_url: params.cancel_url ?? null,
    currency: currency ?? params.currency ?? null,
    amount_subtotal: total,
    amount_total: total,
    payment_intent: null,
    expires_at: expiresAt,
    url: `https://checkout.stripe.com/c/pay/${session.id}`,
  });
  mergeMetadata(session, params.metadata);
  return state.checkoutSessions.insert(session);
};

export const retrieveCheckoutSession: Operation = ({ path, state }) => state.checkoutSessions.require(path.session);

export const listCheckoutSessions: Operation = ({ params, state }) =>
  state.checkoutSessions.list({
    ...listOptions(params),
    filter: allOf(
      fieldEquals('customer', params.customer),
      fieldEquals('status', params.status),
      fieldEquals('payment_intent', params.payment_intent),
      fieldEquals('payment_link', params.payment_link),
      createdFilter(params.created),
    ),
  });
