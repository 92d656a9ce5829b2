import type Stripe from 'stripe';
import type { ActionResult, DeliveredFinder, JsonObject } from '../sdk';
import type { StripeCredentials } from './account';
import { dashboardUrl, stripeClient } from './client';
import { callStripe } from './errors';
import { ITEM_TAG_KEY } from './tags';

/**
 * Stripe keeps an idempotency key for at least 24 hours. The engine looks for an item's
 * tag only once its first attempt is older than this: 23, not 24, because the decision
 * is taken when the item's turn starts, and its requests may leave much later (waiting
 * for the account's rate and for other items on the same customer, then retries with
 * back-off under the same key). The hour keeps every request that relies on a key well
 * inside Stripe's window; a look-up in the last hour costs one request and finds the same.
 * Search results can also lag a new object by up to a minute or so, and an object a day
 * old is long searchable.
 */
export const LOOK_AFTER_SECONDS = 23 * 60 * 60;

/** Objects listed, newest first, before a look-up without search gives up (10 pages). */
const MAX_LISTED = 1000;
/** Stripe's `created` is its own clock: start lists a little before our first attempt. */
const CLOCK_MARGIN_SECONDS = 60 * 60;

export interface Tagged {
  id: string;
  metadata?: Stripe.Metadata | null;
}

/** Every object carrying the tag (one, but Create Invoice makes one per currency). */
type Look = (client: Stripe, query: { tag: string; since: number }) => Promise<Tagged[]>;

const byTag = (tag: string) => `metadata['${ITEM_TAG_KEY}']:'${tag}'`;

/** The newest object carrying the tag among those listed (bounded: MAX_LISTED objects). */
async function firstTagged(list: AsyncIterable<Tagged>, tag: string): Promise<Tagged[]> {
  let seen = 0;
  for await (const object of list) {
    if (object.metadata?.[ITEM_TAG_KEY] === tag) return [object];
    if (++seen >= MAX_LISTED) return [];
  }
  return [];
}

// Search pages hold up to 100 objects; an item makes one object, or one invoice per currency.
const search = async (page: Promise<{ data: Tagged[] }>) => (await page).data;

interface Kind {
  look: Look;
  /** The object's page in the dashboard. */
  page: (object: Tagged) => string;
  /** What the action's own result carries beside the id (a payment link's URL). */
  output?: (object: Tagged) => JsonObject;
}

const urlOf = (object: Tagged) => ({ url: (object as { url?: string | null }).url ?? null });

/** Where each kind of object the product creates is looked for: Search where Stripe has it. */
const kinds = {
  customer: {
    look: (client, { tag }) => search(client.customers.search({ query: byTag(tag), limit: 1 })),
    page: (object) => `customers/${object.id}`,
  },
  invoice: {
    look: (client, { tag }) => search(client.invoices.search({ query: byTag(tag), limit: 100 })),
    page: (object) => `invoices/${object.id}`,
  },
  payment: {
    look: (client, { tag }) => search(client.paymentIntents.search({ query: byTag(tag), limit: 1 })),
    page: (object) => `payments/${object.id}`,
  },
  // Invoice items and checkout sessions have no search: list those created since the attempt.
  'invoice item': {
    look: (client, { tag, since }) =>
      firstTagged(client.invoiceItems.list({ created: { gte: since - CLOCK_MARGIN_SECONDS }, limit: 100 }), tag),
    page: (object) => `customers/${(object as { customer?: string }).customer ?? ''}`,
  },
  'checkout session': {
    look: (client, { tag, since }) =>
      firstTagged(client.checkout.sessions.list({ created: { gte: since - CLOCK_MARGIN_SECONDS }, limit: 100 }), tag),
    page: (object) => `checkout/sessions/${object.id}`,
    output: urlOf,
  },
  // Payment links cannot be filtered by date either: the newest ones, bounded.
  'payment link': {
    look: (client, { tag }) => firstTagged(client.paymentLinks.list({ limit: 100 }), tag),
    page: (object) => `payment-links/${object.id}`,
    output: urlOf,
  },
} satisfies Record<string, Kind>;

export type StripeObjectKind = keyof typeof kinds;

type FindArgs = Parameters<DeliveredFinder<unknown, unknown, StripeCredentials>['find']>[0];

/** The objects an earlier attempt at the item made, as `name`s: none when it made none. */
export async function taggedInStripe(name: StripeObjectKind, args: FindArgs): Promise<Tagged[]> {
  const client = stripeClient(args.credentials.secretKey, args.context);
  const since = Math.floor(args.since.getTime() / 1000);
  return callStripe(() => (kinds[name] as Kind).look(client, { tag: args.itemTag, since }));
}

/**
 * The run log's record of objects found: the first is the item's object, the summary
 * names every one, and says it was found rather than created again.
 */
export function foundResult(name: StripeObjectKind, found: Tagged[], secretKey: string): ActionResult {
  const kind: Kind = kinds[name];
  const first = found[0]!;
  const names = found.length > 1 ? `${name}s ${found.map((object) => object.id).join(', ')}` : `${name} ${first.id}`;
  return {
    objectId: first.id,
    object: first as unknown as JsonObject,
    url: dashboardUrl(secretKey, kind.page(first)),
    output: kind.output?.(first),
    summary: `Found ${names} in Stripe, made by an earlier attempt at this item whose answer was lost; not created again`,
  };
}

/**
 * The finder of an action that creates one kind of object for each item: its result says
 * in the run log that the object was found in Stripe rather than created again.
 */
export function foundInStripe<Options, Input>(name: StripeObjectKind): DeliveredFinder<Options, Input, StripeCredentials> {
  return {
    afterSeconds: LOOK_AFTER_SECONDS,
    async find(args) {
      const found = await taggedInStripe(name, args);
      return found.length === 0 ? null : foundResult(name, found, args.credentials.secretKey);
    },
  };
}
