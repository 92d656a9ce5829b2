import type Stripe from 'stripe';
import { ConnectorError, type JsonObject, type SourceBatch, type SourceItem } from '../../sdk';
import { callStripe } from '../errors';
import type { StripeListPage, StripeResource } from './resources';

/**
 * Where an incremental read of a Stripe list stands: every object created before
 * `created` was read, and of those created in that very second, the ones in `ids`.
 * Stripe lists newest first and many objects share a second, so a second alone would
 * either skip the ones made later in that second or send the read ones again.
 */
export interface ListCursor {
  created: number;
  ids: string[];
}

export const PAGE_SIZE = 100;
const ATTEMPTS = 5;

export function isListCursor(value: unknown): value is ListCursor {
  const cursor = value as ListCursor | null;
  return (
    cursor !== null &&
    typeof cursor === 'object' &&
    Number.isInteger(cursor.created) &&
    Array.isArray(cursor.ids) &&
    cursor.ids.every((id) => typeof id === 'string')
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One page, retried when Stripe says to (429, 5xx, network). The account's rate budget
 * already spaces the requests; this covers other tools sharing the key and Stripe's hiccups.
 */
export async function listPage(client: Stripe, resource: StripeResource, params: JsonObject): Promise<StripeListPage> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await callStripe(() => resource.list(client, params));
    } catch (error) {
      if (!(error instanceof ConnectorError) || error.kind !== 'retryable' || attempt >= ATTEMPTS) throw error;
      await sleep(error.retryAfterMs ?? Math.min(8000, 250 * 2 ** attempt));
    }
  }
}

/** Tracks the newest second seen and the ids read in it: the next cursor. */
class CursorTracker {
  private created: number;
  private readonly ids: Set<string>;

  constructor(start: ListCursor) {
    this.created = start.created;
    this.ids = new Set(start.ids);
  }

  saw(object: { id: string; created?: number }): void {
    const created = object.created ?? 0;
    if (created > this.created) {
      this.created = created;
      this.ids.clear();
    }
    if (created === this.created) this.ids.add(object.id);
  }

  cursor(): ListCursor {
    return { created: this.created, ids: [...this.ids] };
  }
}

/**
 * Objects created since `cursor`, in pages of 100 walked with `starting_after` from the
 * newest down to the cursor's second (`created[gte]`), so memory holds one page whatever
 * the list's length. Each page is handed on oldest first; the last batch carries the new
 * cursor. Objects made while the read is under way are newer than its first page and
 * wait for the next read. The ledger (item key = object id) is the last guard.
 */
export async function* readNewObjects(args: {
  client: Stripe;
  resource: StripeResource;
  params: JsonObject;
  cursor: ListCursor;
  toItem: (object: JsonObject) => SourceItem;
}): AsyncIterable<SourceBatch> {
  const { client, resource, cursor } = args;
  const alreadyRead = new Set(cursor.ids);
  const tracker = new CursorTracker(cursor);
  let startingAfter: string | undefined;
  for (;;) {
    const params: JsonObject = { ...args.params, limit: PAGE_SIZE, created: { gte: cursor.created } };
    if (startingAfter) params.starting_after = startingAfter;
    const page = await listPage(client, resource, params);
    const items: SourceItem[] = [];
    for (const object of page.data) {
      const created = object.created ?? 0;
      if (created < cursor.created || (created === cursor.created && alreadyRead.has(object.id))) continue;
      tracker.saw(object);
      items.push(args.toItem(object));
    }
    items.reverse();
    const last = page.data[page.data.length - 1];
    if (!page.has_more || !last) {
      yield { items, cursor: tracker.cursor() };
      return;
    }
    if (items.length > 0) yield { items };
    startingAfter = last.id;
  }
}

/**
 * The cursor for "from now on": the newest object's second and every object made in it,
 * so none of what is there now is sent and anything made later is.
 */
export async function cursorAtNewest(args: {
  client: Stripe;
  resource: StripeResource;
  params: JsonObject;
}): Promise<ListCursor> {
  const newest = (await listPage(args.client, args.resource, { ...args.params, limit: 1 })).data[0];
  if (!newest) return { created: 0, ids: [] };
  const start: ListCursor = { created: newest.created ?? 0, ids: [] };
  let cursor = start;
  for await (const batch of readNewObjects({
    ...args,
    cursor: start,
    toItem: (object) => ({ key: String(object.id), data: {} }),
  })) {
    if (batch.cursor) cursor = batch.cursor as ListCursor;
  }
  return cursor;
}
