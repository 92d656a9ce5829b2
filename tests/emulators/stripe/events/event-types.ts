import { loadStripeSpec } from '../spec/load';

/**
 * Which events Stripe sends when an object changes. Names come from the spec: an event is
 * only emitted when its type is one Stripe itself lists (the `enabled_events` choices of a
 * webhook endpoint), so the emulator never invents an event Stripe would not send.
 */

/** The event name's prefix per `object` (a subscription's events are `customer.subscription.*`). */
const PREFIX: Record<string, string> = {
  customer: 'customer',
  invoice: 'invoice',
  invoiceitem: 'invoiceitem',
  price: 'price',
  product: 'product',
  payment_link: 'payment_link',
  'checkout.session': 'checkout.session',
  payment_intent: 'payment_intent',
  payment_method: 'payment_method',
  charge: 'charge',
  refund: 'refund',
  subscription: 'customer.subscription',
  plan: 'plan',
  coupon: 'coupon',
  payout: 'payout',
  transfer: 'transfer',
  dispute: 'charge.dispute',
  application_fee: 'application_fee',
};

/** A status whose event has another name than the status (an invoice that becomes `open` was finalized). */
const STATUS_EVENT: Record<string, Record<string, string[]>> = {
  invoice: {
    open: ['finalized'],
    void: ['voided'],
    uncollectible: ['marked_uncollectible'],
    paid: ['paid', 'payment_succeeded'],
  },
  payment_intent: { requires_payment_method: ['payment_failed'] },
  'checkout.session': { complete: ['completed'] },
};

let known: Set<string> | undefined;

/** Every event type of API version 2024-04-10. */
export function eventTypes(): Set<string> {
  if (!known) {
    const endpoint = loadStripeSpec().paths['/v1/webhook_endpoints'].post;
    const schema = endpoint.requestBody!.content['application/x-www-form-urlencoded']!.schema;
    known = new Set<string>(schema.properties.enabled_events.items.enum as string[]);
  }
  return known;
}

function existing(types: string[]): string[] {
  const all = eventTypes();
  return types.filter((type) => all.has(type));
}

export function prefixOf(kind: string): string | undefined {
  return PREFIX[kind];
}

export function lifecycleEvent(kind: string, change: 'created' | 'updated' | 'deleted'): string[] {
  const prefix = PREFIX[kind];
  return prefix ? existing([`${prefix}.${change}`]) : [];
}

/** Events for a status an object moved into (charge.succeeded, invoice.paid, payout.paid...). */
export function statusEvents(kind: string, status: string): string[] {
  const prefix = PREFIX[kind];
  if (!prefix) return [];
  const names = STATUS_EVENT[kind]?.[status] ?? [status];
  return existing(names.map((name) => `${prefix}.${name}`));
}

/** Events a field change means besides `.updated`: a card attached to a customer, a charge refunded. */
export function fieldEvents(kind: string, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  if (kind === 'payment_method' && before.customer !== after.customer) {
    return [after.customer ? 'payment_method.attached' : 'payment_method.detached'];
  }
  if (kind === 'charge' && Number(after.amount_refunded ?? 0) > Number(before.amount_refunded ?? 0)) return ['charge.refunded'];
  return [];
}
