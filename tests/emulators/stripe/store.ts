import { invalidRequest, resourceMissing } from './errors';

/** A Stripe object as the emulator keeps it: plain JSON, always with `id` and `object`. */
export type StripeObject = Record<string, unknown> & { id: string; object: string };

export interface ListPage {
  object: 'list';
  data: StripeObject[];
  has_more: boolean;
  url: string;
}

export interface ListOptions {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  filter?: (object: StripeObject) => boolean;
  /**
   * The `created` lower bound of the request, if any: lists are ordered by `created`, so a
   * walk towards older objects stops below it instead of visiting the whole collection.
   */
  createdFrom?: number;
}

/** Told about every object an operation makes, reads or deletes, so changes become events. */
export interface ChangeObserver {
  inserted(collection: Collection, object: StripeObject): void;
  read(collection: Collection, object: StripeObject): void;
  removed(collection: Collection, object: StripeObject): void;
}

/**
 * One kind of object (customers, invoices, ...). Lookups by id are O(1); lists walk newest
 * first from the cursor, so a page costs its own size unless a filter skips many objects.
 * Objects are kept in `created` order (as Stripe lists them), objects of one second in the
 * order they were made; a backdated object goes where its `created` puts it.
 */
export class Collection {
  private readonly byId = new Map<string, StripeObject>();
  private readonly order: string[] = [];
  private readonly position = new Map<string, number>();
  observer: ChangeObserver | null = null;

  constructor(
    readonly kind: string,
    readonly url: string,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  insert(object: StripeObject): StripeObject {
    this.byId.set(object.id, object);
    const created = typeof object.created === 'number' ? object.created : Infinity;
    let at = this.order.length;
    for (; at > 0; at -= 1) {
      const before = this.createdAt(at - 1);
      if (before !== null && before <= created) break;
    }
    this.order.splice(at, 0, object.id);
    for (let i = at; i < this.order.length; i += 1) this.position.set(this.order[i], i);
    this.observer?.inserted(this, object);
    return object;
  }

  /** `created` of the object at `index`; null for a deleted one (its id stays in `order`). */
  private createdAt(index: number): number | null {
    const object = this.byId.get(this.order[index]);
    if (!object) return null;
    return typeof object.created === 'number' ? object.created : Infinity;
  }

  get(id: string): StripeObject | undefined {
    const object = this.byId.get(id);
    if (object) this.observer?.read(this, object);
    return object;
  }

  /** The object or Stripe's `No such <kind>` error (404 for an id in the URL, 400 for a parameter). */
  require(id: string, param = 'id'): StripeObject {
    const object = this.get(id);
    if (!object) throw resourceMissing(this.kind, id, param);
    return object;
  }

  remove(id: string): void {
    const object = this.byId.get(id);
    this.byId.delete(id);
    if (object) this.observer?.removed(this, object);
  }

  all(): StripeObject[] {
    const out: StripeObject[] = [];
    for (const id of this.order) {
      const object = this.byId.get(id);
      if (object) out.push(object);
    }
    return out;
  }

  clear(): void {
    this.byId.clear();
    this.order.length = 0;
    this.position.clear();
  }

  list(options: ListOptions, url = this.url): ListPage {
    const limit = options.limit ?? 10;
    if (limit < 1 || limit > 100) {
      throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', {
        param: 'limit',
        code: 'parameter_invalid_integer',
      });
    }
    const accept = options.filter ?? (() => true);
    const data: StripeObject[] = [];
    if (options.ending_before) {
      // Pages towards newer objects: walk forwards, then present newest first.
      let i = this.cursor(options.ending_before, 'ending_before') + 1;
      for (; i < this.order.length && data.length <= limit; i += 1) {
        const object = this.byId.get(this.order[i]);
        if (object && accept(object)) data.push(object);
      }
      const hasMore = data.length > limit;
      return { object: 'list', data: data.slice(0, limit).reverse(), has_more: hasMore, url };
    }
    let i = options.starting_after ? this.cursor(options.starting_after, 'starting_after') - 1 : this.order.length - 1;
    const floor = options.createdFrom ?? -Infinity;
    for (; i >= 0 && data.length <= limit; i -= 1) {
      if ((this.createdAt(i) ?? Infinity) < floor) break;
      const object = this.byId.get(this.order[i]);
      if (object && accept(object)) data.push(object);
    }
    return { object: 'list', data: data.slice(0, limit), has_more: data.length > limit, url };
  }

  private cursor(id: string, param: string): number {
    const index = this.position.get(id);
    if (index === undefined || !this.byId.has(id)) throw resourceMissing(this.kind, id, param);
    return index;
  }
}

/** Stripe's `created` filter: an exact timestamp or a range `{gt, gte, lt, lte}`. */
export function createdFilter(created: unknown, field = 'created'): ((object: StripeObject) => boolean) | undefined {
  if (created === undefined) return undefined;
  if (typeof created === 'number') return (o) => o[field] === created;
  const range = created as { gt?: number; gte?: number; lt?: number; lte?: number };
  return (o) => {
    const t = o[field] as number;
    return (
      (range.gt === undefined || t > range.gt) &&
      (range.gte === undefined || t >= range.gte) &&
      (range.lt === undefined || t < range.lt) &&
      (range.lte === undefined || t <= range.lte)
    );
  };
}

/** The lowest `created` a `created` parameter admits (see ListOptions.createdFrom). */
export function createdFrom(created: unknown): number | undefined {
  if (typeof created === 'number') return created;
  if (created === null || typeof created !== 'object') return undefined;
  const range = created as { gt?: number; gte?: number };
  if (range.gte !== undefined) return range.gte;
  return range.gt === undefined ? undefined : range.gt + 1;
}

/** Combine filters; undefined ones are skipped. */
export function allOf(...filters: Array<((o: StripeObject) => boolean) | undefined>): (o: StripeObject) => boolean {
  const active = filters.filter((f): f is (o: StripeObject) => boolean => f !== undefined);
  return (o) => active.every((f) => f(o));
}
