import { parameterMissing } from '../errors';
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

/** Products and prices: create and list. */

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
