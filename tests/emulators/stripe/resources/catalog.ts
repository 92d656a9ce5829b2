import { invalidRequest, parameterMissing } from '../errors';
import { newId, nowSeconds } from '../ids';
import { allOf, createdFilter, type StripeObject } from '../store';
import {
  assignFields,
  fieldEquals,
  fromFixture,
  listOptions,
  mergeMetadata,
  type Operation,
  type OperationContext,
} from './context';

/** Products, prices, payment links, Checkout Sessions and PaymentIntents: create and list. */

export const createProduct: Operation = (context) => {
  const { params, state } = context;
  const product = fromFixture('product', 'prod', context);
  Object.assign(product, { description: null, default_price: null, images: [], marketing_features: [], type: 'service' });
  product.updated = product.created;
  product.id = typeof params.id === 'string' ? params.id : product.id;
  assignFields(product, params, [
    'name',
    'description',
    'active',
    'images',
    'shippable',
    'statement_descriptor',
    'unit_label',
    'url',
    'tax_code',
  ]);
  mergeMetadata(product, params.metadata);
  state.products.insert(product);
  const priceData = params.default_price_data as Record<string, unknown> | undefined;
  if (priceData) {
    const price = newPrice(context, { ...priceData, product: product.id });
    product.default_price = price.id;
  }
  return product;
};

export const listProducts: Operation = ({ params, state }) => {
  const ids = Array.isArray(params.ids) ? new Set(params.ids as string[]) : undefined;
  return state.products.list({
    ...listOptions(params),
    filter: allOf(
      fieldEquals('active', params.active),
      fieldEquals('shippable', params.shippable),
      ids ? (o) => ids.has(o.id) : undefined,
      createdFilter(params.created),
    ),
  });
};

function newPrice(context: OperationContext, params: Record<string, unknown>): StripeObject {
  const { state } = context;
  const price = fromFixture('price', 'price', context);
  let product = params.product as string | undefined;
  const productData = params.product_data as Record<string, unknown> | undefined;
  if (product) state.products.require(product, 'product');
  else if (productData) product = (createProduct({ ...context, params: productData }) as StripeObject).id;
  else throw parameterMissing('product');
  const unit =
    (params.unit_amount as number | undefined) ??
    (params.unit_amount_decimal ? Math.round(Number(params.unit_amount_decimal)) : undefined);
  if (unit === undefined && !params.custom_unit_amount) throw parameterMissing('unit_amount');
  const recurring = params.recurring as Record<string, unknown> | undefined;
  Object.assign(price, {
    product,
    currency: params.currency,
    unit_amount: unit ?? null,
    unit_amount_decimal: unit === undefined ? null : String(unit),
    type: recurring ? 'recurring' : 'one_time',
    recurring: recurring
      ? {
          aggregate_usage: recurring.aggregate_usage ?? null,
          interval: recurring.interval,
          interval_count: recurring.interval_count ?? 1,
          meter: recurring.meter ?? null,
          usage_type: recurring.usage_type ?? 'licensed',
          trial_period_days: null,
        }
      : null,
  });
  assignFields(price, params, ['active', 'nickname', 'lookup_key', 'tax_behavior']);
  mergeMetadata(price, params.metadata);
  return state.prices.insert(price);
}

export const createPrice: Operation = (context) => newPrice(context, context.params);

export const listPrices: Operation = ({ params, state }) => {
  const lookupKeys = Array.isArray(params.lookup_keys) ? new Set(params.lookup_keys as string[]) : undefined;
  return state.prices.list({
    ...listOptions(params),
    filter: allOf(
      fieldEquals('active', params.active),
      fieldEquals('product', params.product),
      fieldEquals('type', params.type),
      fieldEquals('currency', params.currency),
      lookupKeys ? (o) => lookupKeys.has(o.lookup_key as string) : undefined,
      createdFilter(params.created),
    ),
  });
};

interface LineItemParam {
  price?: string;
  quantity?: number;
  price_data?: { currency: string; unit_amount?: number };
}

/** Sum of the line items, checking that each referenced price exists. */
function lineItemsTotal(context: OperationContext, lines: LineItemParam[]): { total: number; currency: string | null } {
  let total = 0;
  let currency: string | null = null;
  lines.forEach((line, i) => {
    const quantity = line.quantity ?? 1;
    if (line.price) {
      const price = context.state.prices.require(line.price, `line_items[${i}][price]`);
      total += ((price.unit_amount as number | null) ?? 0) * quantity;
      currency ??= price.currency as string;
    } else if (line.price_data) {
      total += (line.price_data.unit_amount ?? 0) * quantity;
      currency ??= line.price_data.currency;
    } else {
      throw parameterMissing(`line_items[${i}][price]`);
    }
  });
  return { total, currency };
}

export const createPaymentLink: Operation = (context) => {
  const { params, state } = context;
  const { currency } = lineItemsTotal(context, params.line_items as LineItemParam[]);
  const link = fromFixture('payment_link', 'plink', context);
  link.currency = currency ?? 'usd';
  link.url = `https://buy.stripe.com/test_${link.id.slice(6, 20)}`;
  mergeMetadata(link, params.metadata);
  return state.paymentLinks.insert(link);
};

export const createCheckoutSession: Operation = (context) => {
  const { params, state } = context;
  if (!params.mode) throw parameterMissing('mode');
  if (params.customer) state.customers.require(params.customer as string, 'customer');
  if (params.customer && params.customer_email) {
    throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', { param: 'customer_email' });
  }
  const lines = (params.line_items as LineItemParam[] | undefined) ?? [];
  const { total, currency } = lineItemsTotal(context, lines);
  const session = fromFixture('checkout.session', 'cs_test', context);
  const now = session.created as number;
  Object.assign(session, {
    mode: params.mode,
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
    expires_at: (params.expires_at as number | undefined) ?? now + 86_400,
    url: `https://checkout.stripe.com/c/pay/${session.id}`,
  });
  mergeMetadata(session, params.metadata);
  return state.checkoutSessions.insert(session);
};

export const createPaymentIntent: Operation = (context) => {
  const { params, state } = context;
  if (params.customer) state.customers.require(params.customer as string, 'customer');
  const intent = fromFixture('payment_intent', 'pi', context);
  Object.assign(intent, {
    amount: params.amount,
    currency: params.currency,
    customer: params.customer ?? null,
    canceled_at: null,
    client_secret: `${intent.id}_secret_${newId('x').slice(2, 27)}`,
  });
  assignFields(intent, params, ['description', 'receipt_email', 'statement_descriptor', 'capture_method']);
  mergeMetadata(intent, params.metadata);
  if (Array.isArray(params.payment_method_types)) intent.payment_method_types = params.payment_method_types;
  intent.created = nowSeconds();
  return state.paymentIntents.insert(intent);
};

export const listPaymentIntents: Operation = ({ params, state }) =>
  state.paymentIntents.list({
    ...listOptions(params),
    filter: allOf(fieldEquals('customer', params.customer), createdFilter(params.created)),
  });
