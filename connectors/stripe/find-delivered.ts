import Stripe from 'stripe';
import { ConnectorError, type ActionResult, type DeliveredFinder, type JsonObject } from '../sdk';
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
const createdSince = (since: number) => ({ created: { gte: since - CLOCK_MARGIN_SECONDS }, limit: 100 });

/**
 * The objects carrying the tag among those listed, newest first (the first one found ends
 * the list unless `all`). Past MAX_LISTED objects the look-up cannot tell: a list bounded
 * by date holds the object if it exists, so the item fails rather than risk a second one;
 * payment links cannot be listed by date, and there "not among the newest" is taken as
 * not made.
 */
async function taggedInList(
  list: AsyncIterable<Tagged>,
  query: { tag: string; name: string; all?: boolean; byDate: boolean; searchRefused?: boolean },
): Promise<Tagged[]> {
  const found: Tagged[] = [];
  let seen = 0;
  for await (const object of list) {
    // A 1001st object: the ones after it were not looked at.
    if (seen++ === MAX_LISTED) {
      if (found.length > 0 || !query.byDate) return found;
      throw couldNotVerify(query);
    }
    if (object.metadata?.[ITEM_TAG_KEY] === query.tag) {
      found.push(object);
      if (!query.all) return found;
    }
  }
  return found;
}

function couldNotVerify(query: { tag: string; name: string; searchRefused?: boolean }): ConnectorError {
  const refused = query.searchRefused ? ' (and Stripe refused to search them)' : '';
  return new ConnectorError(
    'item',
    `Could not verify whether an earlier attempt at this item, whose answer was lost, already made its ${query.name}: ` +
      `more than ${MAX_LISTED} ${query.name}s were made since${refused}, and Tributary looks through ${MAX_LISTED} at most. ` +
      `The item was not sent, so it cannot be made twice. Look in Stripe for metadata ${ITEM_TAG_KEY} = ${query.tag}: ` +
      `if it is there, the item was delivered; if not, make the ${query.name} in Stripe by hand.`,
    { code: 'could_not_verify' },
  );
}

/**
 * Stripe's Search, or where the account cannot search (Stripe answers a request error,
 * e.g. search is not offered in its region) the objects made since the attempt, listed.
 */
async function searchOrList(
  search: () => Promise<{ data: Tagged[] }>,
  list: () => AsyncIterable<Tagged>,
  query: { tag: string; name: string; all: boolean },
): Promise<Tagged[]> {
  try {
    return (await search()).data;
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
  }
  return taggedInList(list(), { ...query, byDate: true, searchRefused: true });
}

interface Kind {
  look: Look;
  /** The object's page in the dashboard. */
  page: (object: Tagged) => string;
  /** What the action's own result carries beside the id (a payment link's URL). */
  output?: (object: Tagged) => JsonObject;
}

const urlOf = (object: Tagged) => ({ url: (object as { url?: string | null }).url ?? null });

/** The part of a Stripe resource (customers, invoices, payment intents) a look-up uses. */
interface Searchable {
  search(params: { query: string; limit: number }): Promise<{ data: Tagged[] }>;
  list(params: ReturnType<typeof createdSince>): AsyncIterable<Tagged>;
}

/** A kind Stripe can search; `all`: an item may make several (an invoice per currency). */
function searchable(name: string, resource: (client: Stripe) => Searchable, kind: { page: Kind['page']; all?: boolean }): Kind {
  const all = kind.all ?? false;
  return {
    look: (client, { tag, since }) =>
      searchOrList(
        () => resource(client).search({ query: byTag(tag), limit: all ? 100 : 1 }),
        () => resource(client).list(createdSince(since)),
        { tag, name, all },
      ),
    page: kind.page,
  };
}

/** Where each kind of object the product creates is looked for: Search where Stripe has it. */
const kinds = {
  customer: searchable('customer', (client) => client.customers, { page: (object) => `customers/${object.id}` }),
  invoice: searchable('invoice', (client) => client.invoices, { page: (object) => `invoices/${object.id}`, all: true }),
  payment: searchable('payment', (client) => client.paymentIntents, { page: (object) => `payments/${object.id}` }),
  // Invoice items and checkout sessions have no search: list those created since the attempt.
  'invoice item': {
    look: (client, { tag, since }) =>
      taggedInList(client.invoiceItems.list(createdSince(since)), { tag, name: 'invoice item', byDate: true }),
    page: (object) => `customers/${(object as { customer?: string }).customer ?? ''}`,
  },
  'checkout session': {
    look: (client, { tag, since }) =>
      taggedInList(client.checkout.sessions.list(createdSince(since)), { tag, name: 'checkout session', byDate: true }),
    page: (object) => `checkout/sessions/${object.id}`,
    output: urlOf,
  },
  // Payment links cannot be filtered by date either: the newest ones, bounded.
  'payment link': {
    look: (client, { tag }) =>
      taggedInList(client.paymentLinks.list({ limit: 100 }), { tag, name: 'payment link', byDate: false }),
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
