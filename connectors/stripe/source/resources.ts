import type Stripe from 'stripe';

/** One page of a Stripe list, as every list endpoint answers it. */
export interface StripeListPage {
  data: Array<{ id: string; created?: number } & Record<string, unknown>>;
  has_more: boolean;
}

type ListParams = Record<string, unknown>;
type ListCall = (client: Stripe, params: ListParams) => Promise<StripeListPage>;

/** The typed client call of one list, with its parameters loosened to what the reader sends. */
function lister<P>(call: (client: Stripe, params: P) => Promise<unknown>): ListCall {
  return (client, params) => call(client, params as P) as Promise<StripeListPage>;
}

/**
 * A list the Stripe source reads. Every resource is a row of this table, read by one
 * implementation (list-reader.ts); adding one is adding a row.
 */
export interface StripeResource {
  /** The value of the `object` option; never changes once released. */
  name: string;
  label: string;
  /** Stripe's `object` name of what the list holds. */
  object: string;
  list: ListCall;
  /** The filters Stripe applies to this list itself; with the values it accepts when it names them. */
  filters: { customer?: true; status?: string[] };
  /**
   * The prefix of this object's events (`customer.subscription` for subscriptions), when
   * Stripe announces its changes: `updated-object` reads `<prefix>.updated` events.
   */
  eventPrefix?: string;
  /** Stripe keeps only the last 30 days of it (events). */
  recentOnly?: true;
}

const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'];
const SUBSCRIPTION_STATUSES = [
  'active',
  'all',
  'canceled',
  'ended',
  'incomplete',
  'incomplete_expired',
  'past_due',
  'paused',
  'trialing',
  'unpaid',
];
const PAYOUT_STATUSES = ['pending', 'in_transit', 'paid', 'failed', 'canceled'];

export const STRIPE_RESOURCES: StripeResource[] = [
  {
    name: 'customers',
    label: 'Customers',
    object: 'customer',
    list: lister((c, p: Stripe.CustomerListParams) => c.customers.list(p)),
    filters: {},
    eventPrefix: 'customer',
  },
  {
    name: 'charges',
    label: 'Charges',
    object: 'charge',
    list: lister((c, p: Stripe.ChargeListParams) => c.charges.list(p)),
    filters: { customer: true },
    eventPrefix: 'charge',
  },
  {
    name: 'invoices',
    label: 'Invoices',
    object: 'invoice',
    list: lister((c, p: Stripe.InvoiceListParams) => c.invoices.list(p)),
    filters: { customer: true, status: INVOICE_STATUSES },
    eventPrefix: 'invoice',
  },
  {
    name: 'invoice-items',
    label: 'Invoice items',
    object: 'invoiceitem',
    list: lister((c, p: Stripe.InvoiceItemListParams) => c.invoiceItems.list(p)),
    filters: { customer: true },
    eventPrefix: 'invoiceitem',
  },
  {
    name: 'payment-intents',
    label: 'Payment intents',
    object: 'payment_intent',
    list: lister((c, p: Stripe.PaymentIntentListParams) => c.paymentIntents.list(p)),
    filters: { customer: true },
  },
  {
    name: 'refunds',
    label: 'Refunds',
    object: 'refund',
    list: lister((c, p: Stripe.RefundListParams) => c.refunds.list(p)),
    filters: {},
    eventPrefix: 'refund',
  },
  {
    name: 'subscriptions',
    label: 'Subscriptions',
    object: 'subscription',
    list: lister((c, p: Stripe.SubscriptionListParams) => c.subscriptions.list(p)),
    filters: { customer: true, status: SUBSCRIPTION_STATUSES },
    eventPrefix: 'customer.subscription',
  },
  {
    name: 'balance-transactions',
    label: 'Balance history (balance transactions)',
    object: 'balance_transaction',
    list: lister((c, p: Stripe.BalanceTransactionListParams) => c.balanceTransactions.list(p)),
    filters: {},
  },
  {
    name: 'payouts',
    label: 'Payouts',
    object: 'payout',
    list: lister((c, p: Stripe.PayoutListParams) => c.payouts.list(p)),
    filters: { status: PAYOUT_STATUSES },
    eventPrefix: 'payout',
  },
  {
    name: 'transfers',
    label: 'Transfers',
    object: 'transfer',
    list: lister((c, p: Stripe.TransferListParams) => c.transfers.list(p)),
    filters: {},
    eventPrefix: 'transfer',
  },
  {
    name: 'coupons',
    label: 'Coupons',
    object: 'coupon',
    list: lister((c, p: Stripe.CouponListParams) => c.coupons.list(p)),
    filters: {},
    eventPrefix: 'coupon',
  },
  {
    name: 'plans',
    label: 'Plans',
    object: 'plan',
    list: lister((c, p: Stripe.PlanListParams) => c.plans.list(p)),
    filters: {},
    eventPrefix: 'plan',
  },
  {
    name: 'prices',
    label: 'Prices',
    object: 'price',
    list: lister((c, p: Stripe.PriceListParams) => c.prices.list(p)),
    filters: {},
    eventPrefix: 'price',
  },
  {
    name: 'application-fees',
    label: 'Application fees',
    object: 'application_fee',
    list: lister((c, p: Stripe.ApplicationFeeListParams) => c.applicationFees.list(p)),
    filters: {},
  },
  {
    name: 'disputes',
    label: 'Disputes',
    object: 'dispute',
    list: lister((c, p: Stripe.DisputeListParams) => c.disputes.list(p)),
    filters: {},
    eventPrefix: 'charge.dispute',
  },
  {
    name: 'events',
    label: 'Events (last 30 days)',
    object: 'event',
    list: lister((c, p: Stripe.EventListParams) => c.events.list(p)),
    filters: {},
    recentOnly: true,
  },
];

const BY_NAME = new Map(STRIPE_RESOURCES.map((resource) => [resource.name, resource]));

export function stripeResource(name: string): StripeResource | undefined {
  return BY_NAME.get(name);
}

/** The events list, which `updated-object` reads for every resource. */
export const EVENTS = BY_NAME.get('events')!;
