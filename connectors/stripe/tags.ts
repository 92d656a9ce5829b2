import { AsyncLocalStorage } from 'node:async_hooks';
import { ConnectorError } from '../sdk';

/**
 * Metadata the product writes on what it creates or changes: the connection that did it.
 * A connection reading Stripe (customers updated, invoices paid) can then recognise the
 * product's own changes, and a person can see in Stripe where a change came from.
 */
export const TAG_KEY = 'tributary_connection';

export function connectionTag(connectionId: string | undefined): Record<string, string> {
  return connectionId ? { [TAG_KEY]: connectionId } : {};
}

/**
 * Metadata naming the source item an object was created for (the engine's item tag,
 * derived from connection and item). Stripe forgets idempotency keys after 24 hours;
 * this tag outlives them, so an item whose earlier answer was lost can be found instead
 * of created a second time (see find-delivered.ts).
 */
export const ITEM_TAG_KEY = 'tributary_item';

const itemScope = new AsyncLocalStorage<string>();

/** Stripe's limit on the metadata keys of one object (its docs; the spec does not say). */
export const STRIPE_METADATA_KEYS = 50;
const OUR_KEYS = [ITEM_TAG_KEY, TAG_KEY];
/** Metadata keys a person can map: Stripe's 50 less the two the product may add. */
export const MAPPABLE_METADATA_KEYS = STRIPE_METADATA_KEYS - OUR_KEYS.length;

/**
 * Fails an item before anything is sent when its mapped metadata leaves no room for the
 * product's own keys: Stripe would refuse the object, and dropping a person's key (or
 * the tag that keeps a late retry from creating a duplicate) would be worse. Two keys,
 * whichever action it is, so the rule is one number a person can remember.
 */
export function checkMetadataRoom(input: unknown): void {
  const metadata = (input as { metadata?: unknown } | null)?.metadata;
  if (metadata === null || typeof metadata !== 'object') return;
  const theirs = Object.keys(metadata).filter((key) => !OUR_KEYS.includes(key)).length;
  if (theirs <= MAPPABLE_METADATA_KEYS) return;
  throw new ConnectorError(
    'item',
    `metadata: ${theirs} keys are mapped, but Stripe keeps at most ${STRIPE_METADATA_KEYS} on an object and Tributary ` +
      `adds its own ${OUR_KEYS.join(' and ')} (to find this item in Stripe if an answer is lost, and to know its own ` +
      `changes). Map at most ${MAPPABLE_METADATA_KEYS} metadata keys, e.g. by joining some values into one key. Nothing was sent.`,
    { param: 'metadata' },
  );
}

/** Runs one item's action so that every object its requests create carries the item's tag. */
export function withItemTag<T>(tag: string | undefined, run: () => Promise<T>): Promise<T> {
  return tag ? itemScope.run(tag, run) : run();
}

/** The tag of the item whose action is running here, if any. */
export function currentItemTag(): string | undefined {
  return itemScope.getStore();
}

// A create is a POST to a collection (`/v1/customers`, `/v1/checkout/sessions`); changes
// to one object (`/v1/customers/cus_1`, `/v1/invoices/in_1/finalize`) are not tagged.
// Every create an action makes today takes metadata (the emulator checks each request
// against Stripe's spec); one that does not (`/v1/tokens`) would need leaving out here.
const CREATE_PATH = /^\/v1\/(?:checkout\/sessions|[a-z_]+)(?:\?.*)?$/;
const ENCODED_KEY = `metadata[${ITEM_TAG_KEY}]`;

/**
 * The form body of a request with the running item's tag added when it creates an object:
 * done here, on the way out, so every action and helper that creates something (a
 * customer made for an invoice item, a price made for a payment link) tags it without
 * being written to. A mapped `metadata.tributary_item` is replaced; the person's other
 * metadata keys are kept as they are.
 */
export function taggedBody<T extends string | null>(method: string, path: string, body: T): T | string {
  const tag = currentItemTag();
  if (!tag || method !== 'POST' || !CREATE_PATH.test(path)) return body;
  const kept = (body ?? '')
    .split('&')
    .filter((pair) => pair !== '' && decodeURIComponent(pair.split('=')[0].replace(/\+/g, ' ')) !== ENCODED_KEY);
  return [...kept, `${ENCODED_KEY}=${encodeURIComponent(tag)}`].join('&');
}
