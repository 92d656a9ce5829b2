import type Stripe from 'stripe';
import { ConnectorError } from '../sdk';

/**
 * Line items mapped as parallel lists, one entry per line: a Stripe price, or an amount (in
 * minor units) with a product name; quantities default to 1. A single value is one line.
 */
export interface LineItemLists {
  price?: Array<string | null>;
  quantity?: Array<number | null>;
  amount?: Array<number | null>;
  product_name?: Array<string | null>;
  currency?: string;
}

const MAX_LINES = 100;

function fail(param: string, message: string): never {
  throw new ConnectorError('item', `${param}: ${message}`, { param });
}

export function checkoutLineItems(lists: LineItemLists): Stripe.Checkout.SessionCreateParams.LineItem[] {
  const prices = lists.price ?? [];
  const amounts = lists.amount ?? [];
  const count = Math.max(prices.length, amounts.length);
  if (count === 0) fail('price', 'map at least one line item: a price id, or an amount with a product name.');
  if (count > MAX_LINES) fail('price', `a Checkout Session takes at most ${MAX_LINES} line items; this item has ${count}.`);
  for (const [param, list] of [
    ['quantity', lists.quantity],
    ['product_name', lists.product_name],
  ] as const) {
    if (list && list.length > count) fail(param, `has ${list.length} entries but there are only ${count} line items.`);
  }
  return Array.from({ length: count }, (_, index) => {
    const line = index + 1;
    const price = prices[index] ?? null;
    const amount = amounts[index] ?? null;
    const quantity = lists.quantity?.[index] ?? 1;
    if (price !== null && amount !== null) fail('amount', `line ${line} has both a price id and an amount; give one of them.`);
    if (price !== null) return { price, quantity };
    if (amount === null) fail('price', `line ${line} has neither a price id nor an amount.`);
    if (amount <= 0) fail('amount', `line ${line}: the amount must be more than 0.`);
    const name = lists.product_name?.[index];
    if (!name) fail('product_name', `line ${line} has an amount but no product name; the customer sees the name at checkout.`);
    if (!lists.currency) fail('currency', 'amounts need a currency, e.g. eur.');
    return { price_data: { currency: lists.currency, unit_amount: amount, product_data: { name } }, quantity };
  });
}
