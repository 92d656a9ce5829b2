import { nowSeconds } from '../ids';
import { fixture } from '../spec/load';
import type { StripeState } from '../state';
import { allOf, createdFilter, type Collection, type StripeObject } from '../store';
import { fieldEquals, listOptions, type Operation, type Params } from './context';

type Filter = ((object: StripeObject) => boolean) | undefined;

/**
 * A list endpoint: Stripe's paging and `created` filter, plus equality filters named like
 * the fields they compare (`customer`, `status`, `charge`) and any filter of its own.
 */
function listing(pick: (state: StripeState) => Collection, fields: string[], own?: (params: Params) => Filter): Operation {
  return ({ params, state }) =>
    pick(state).list({
      ...listOptions(params),
      filter: allOf(createdFilter(params.created), own?.(params), ...fields.map((field) => fieldEquals(field, params[field]))),
    });
}

// Without a status Stripe lists the subscriptions that have not ended; `all` lists every one.
const ENDED = ['canceled', 'incomplete_expired'];
function subscriptionStatus(params: Params): Filter {
  const status = params.status;
  if (status === 'all') return undefined;
  if (status === 'ended') return (o) => ENDED.includes(o.status as string);
  if (typeof status === 'string') return (o) => o.status === status;
  return (o) => !ENDED.includes(o.status as string);
}

function subscriptionPrice(params: Params): Filter {
  if (typeof params.price !== 'string') return undefined;
  const price = params.price;
  return (o) => ((o.items as { data: Array<{ price: { id: string } }> }).data ?? []).some((item) => item.price?.id === price);
}

/** `type=invoice.*` matches every invoice event, as Stripe's wildcard does; `types[]` any of several. */
function eventType(params: Params): Filter {
  const filters: Filter[] = [];
  if (typeof params.type === 'string') {
    const pattern = new RegExp(`^${params.type.split('*').map(escapeRegExp).join('.*')}$`);
    filters.push((o) => pattern.test(o.type as string));
  }
  if (Array.isArray(params.types)) {
    const types = new Set(params.types as string[]);
    filters.push((o) => types.has(o.type as string));
  }
  return allOf(...filters);
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/**
 * The account's balance: the sum of its balance transactions per currency, available once
 * their `available_on` has passed and pending until then. An account that never moved
 * money shows Stripe's sample (zero dollars).
 */
function balanceOf(state: StripeState, livemode: boolean): Record<string, unknown> {
  const transactions = state.balanceTransactions.all();
  if (transactions.length === 0) return { ...fixture('balance'), livemode };
  const now = nowSeconds();
  const sums = new Map<string, { available: number; pending: number }>();
  for (const txn of transactions) {
    const sum = sums.get(txn.currency as string) ?? { available: 0, pending: 0 };
    if ((txn.available_on as number) <= now) sum.available += txn.net as number;
    else sum.pending += txn.net as number;
    sums.set(txn.currency as string, sum);
  }
  const part = (which: 'available' | 'pending') =>
    [...sums].map(([currency, sum]) => ({ amount: sum[which], currency, source_types: { card: sum[which] } }));
  return { object: 'balance', available: part('available'), pending: part('pending'), livemode };
}

/** Endpoints the product reads from Stripe's lists and reports. */
export const listOperations: Record<string, Operation> = {
  GetCharges: listing((s) => s.charges, ['customer', 'payment_intent', 'transfer_group']),
  GetRefunds: listing((s) => s.refunds, ['charge', 'payment_intent']),
  GetSubscriptions: listing(
    (s) => s.subscriptions,
    ['customer', 'collection_method'],
    (params) => allOf(subscriptionStatus(params), subscriptionPrice(params)),
  ),
  GetPlans: listing((s) => s.plans, ['active', 'product']),
  GetBalanceTransactions: listing((s) => s.balanceTransactions, ['type', 'payout', 'source', 'currency']),
  GetPayouts: listing(
    (s) => s.payouts,
    ['status', 'destination'],
    (params) => createdFilter(params.arrival_date, 'arrival_date'),
  ),
  GetTransfers: listing((s) => s.transfers, ['destination', 'transfer_group']),
  GetCoupons: listing((s) => s.coupons, []),
  GetApplicationFees: listing((s) => s.applicationFees, ['charge']),
  GetDisputes: listing((s) => s.disputes, ['charge', 'payment_intent']),
  GetEvents: listing((s) => s.events, [], eventType),
  GetEventsId: ({ path, state }) => state.events.require(path.id),
  GetBalance: ({ livemode, state }) => balanceOf(state, livemode),
  GetAccount: () => fixture('account'),
};
