import { ChangeTracker, type Change } from './events/changes';
import { WebhookSender } from './events/webhook-sender';
import { EmulatorClock, newId, nowSeconds } from './ids';
import { STRIPE_API_VERSION } from './spec/load';
import { Collection, type StripeObject } from './store';

/** What Stripe records about the request behind an event (`event.request`). */
export interface WriteRequest {
  id: string;
  idempotencyKey: string | null;
  livemode: boolean;
}

/** Every object the emulator holds; one per emulator instance (all API keys share it). */
export class StripeState {
  readonly clock = new EmulatorClock();
  readonly webhooks = new WebhookSender();

  readonly customers = new Collection('customer', '/v1/customers');
  readonly invoiceItems = new Collection('invoiceitem', '/v1/invoiceitems');
  readonly invoices = new Collection('invoice', '/v1/invoices');
  readonly prices = new Collection('price', '/v1/prices');
  readonly products = new Collection('product', '/v1/products');
  readonly paymentLinks = new Collection('payment_link', '/v1/payment_links');
  readonly checkoutSessions = new Collection('checkout.session', '/v1/checkout/sessions');
  readonly paymentIntents = new Collection('payment_intent', '/v1/payment_intents');
  readonly paymentMethods = new Collection('payment_method', '/v1/payment_methods');
  readonly charges = new Collection('charge', '/v1/charges');
  readonly refunds = new Collection('refund', '/v1/refunds');
  readonly subscriptions = new Collection('subscription', '/v1/subscriptions');
  readonly plans = new Collection('plan', '/v1/plans');
  readonly coupons = new Collection('coupon', '/v1/coupons');
  readonly balanceTransactions = new Collection('balance_transaction', '/v1/balance_transactions');
  readonly payouts = new Collection('payout', '/v1/payouts');
  readonly transfers = new Collection('transfer', '/v1/transfers');
  readonly applicationFees = new Collection('application_fee', '/v1/application_fees');
  readonly disputes = new Collection('dispute', '/v1/disputes');
  /** Events and endpoints are not themselves announced by events. */
  readonly events = new Collection('event', '/v1/events');
  readonly webhookEndpoints = new Collection('webhook_endpoint', '/v1/webhook_endpoints');
  /** Signing secrets by endpoint id: Stripe shows one only in the answer that created it. */
  readonly endpointSecrets = new Map<string, string>();
  /** Ids of deleted customers: retrieving one answers `{ id, object, deleted: true }`. */
  readonly deleted = new Set<string>();

  private readonly byPrefix: Record<string, Collection> = {
    cus: this.customers,
    ii: this.invoiceItems,
    in: this.invoices,
    price: this.prices,
    prod: this.products,
    plink: this.paymentLinks,
    cs: this.checkoutSessions,
    pi: this.paymentIntents,
    pm: this.paymentMethods,
    ch: this.charges,
    re: this.refunds,
    sub: this.subscriptions,
    plan: this.plans,
    coupon: this.coupons,
    txn: this.balanceTransactions,
    po: this.payouts,
    tr: this.transfers,
    fee: this.applicationFees,
    dp: this.disputes,
    evt: this.events,
    we: this.webhookEndpoints,
  };

  collections(): Collection[] {
    return Object.values(this.byPrefix);
  }

  /** The collection an id belongs to, from its prefix (`cus_...` → customers). */
  collectionFor(id: string): Collection | undefined {
    const prefix = id.startsWith('cs_') ? 'cs' : id.slice(0, id.indexOf('_'));
    return this.byPrefix[prefix];
  }

  /** The collection of a kind by Stripe's `object` name ('customer', 'invoiceitem', ...). */
  collectionOf(kind: string): Collection | undefined {
    return this.collections().find((c) => c.kind === kind);
  }

  find(id: string): StripeObject | undefined {
    return this.collectionFor(id)?.get(id);
  }

  /** Objects of one kind, oldest first, by Stripe's `object` name ('customer', 'invoiceitem', ...). */
  list(kind: string): StripeObject[] {
    return this.collectionOf(kind)?.all() ?? [];
  }

  /**
   * Runs an operation that may change objects. What it made, changed or deleted becomes
   * events, recorded whether or not it succeeded (a declined payment still made a failed
   * charge), and each event goes to the webhook endpoints that want it.
   */
  write<T>(request: WriteRequest, run: () => T): T {
    const tracker = new ChangeTracker();
    const watched = this.collections().filter((c) => c !== this.events && c !== this.webhookEndpoints);
    for (const collection of watched) collection.observer = tracker;
    try {
      return run();
    } finally {
      for (const collection of watched) collection.observer = null;
      for (const change of tracker.changes()) this.announce(change, request);
    }
  }

  private announce(change: Change, request: WriteRequest): void {
    const endpoints = this.webhookEndpoints
      .all()
      .filter(
        (endpoint) => endpoint.status === 'enabled' && wants(endpoint, change.type) && endpoint.livemode === request.livemode,
      );
    const event: StripeObject = {
      id: newId('evt'),
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: nowSeconds(),
      data: change.previousAttributes
        ? { object: change.object, previous_attributes: change.previousAttributes }
        : { object: change.object },
      livemode: request.livemode,
      pending_webhooks: endpoints.length,
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      type: change.type,
    };
    this.events.insert(event);
    for (const endpoint of endpoints) this.webhooks.deliver(event, endpoint, this.endpointSecrets.get(endpoint.id) ?? '');
  }

  reset(): void {
    for (const collection of this.collections()) collection.clear();
    this.deleted.clear();
    this.endpointSecrets.clear();
    this.webhooks.clear();
    this.clock.resume();
  }
}

function wants(endpoint: StripeObject, type: string): boolean {
  const enabled = endpoint.enabled_events as string[];
  return enabled.includes('*') || enabled.includes(type);
}
