import type { Db } from '../store/db';

/** A token bucket: `perSecond` tokens flow in, at most `capacity` are kept. */
export interface BucketShape {
  perSecond: number;
  capacity: number;
}

export interface Lease {
  /** Tokens this lease took. */
  granted: number;
  /** Tokens the bucket held (after refilling) before this lease; negative when in debt. */
  available: number;
  /** The moment `available` refers to, on PostgreSQL's clock, in ms since the epoch. */
  atMs: number;
}

// The bucket's content after refilling for the time since its last lease. `excluded` is
// the row the statement tried to insert: the current shape, and "now" as its updated_at.
const REFILLED = `least(excluded.capacity, bucket.tokens
  + greatest(0, cast(extract(epoch from (excluded.updated_at - bucket.updated_at)) as float8)) * excluded.per_second)`;

/**
 * One statement per lease, whatever the number of tokens: it creates the bucket (full) on
 * first use, applies a changed shape, refills by the time elapsed and takes the tokens,
 * under the row lock, so concurrent leases from any number of processes add up exactly.
 * "Now" is PostgreSQL's clock, the one clock every process shares; tests may pass their own.
 */
async function lease(
  db: Db,
  args: { key: string; shape: BucketShape; want: number; now?: number; debt: boolean },
): Promise<Lease> {
  const want = 'cast(:want as float8)';
  const capacity = 'cast(:capacity as float8)';
  const take = args.debt ? want : `least(${want}, greatest(0, floor(${REFILLED})))`;
  const firstTake = args.debt ? want : `least(${want}, floor(${capacity}))`;
  // The statement's start. A lease that waited for another's row lock counts from the later
  // of the two (updated_at), so its slots never start before the other's end.
  const now = args.now === undefined ? 'now()' : 'to_timestamp(cast(:now as float8) / 1000)';
  const sql = `
    insert into rate_budgets as bucket (key, per_second, capacity, tokens, granted, updated_at)
    values (:key, cast(:perSecond as float8), ${capacity}, ${capacity} - ${firstTake}, ${firstTake}, ${now})
    on conflict (key) do update set
      per_second = excluded.per_second,
      capacity = excluded.capacity,
      granted = ${take},
      tokens = ${REFILLED} - ${take},
      updated_at = greatest(bucket.updated_at, excluded.updated_at)
    returning granted, tokens + granted as available, cast(extract(epoch from updated_at) as float8) * 1000 as at_ms`;
  const result = await db.raw<{ rows: Array<{ granted: number; available: number; at_ms: number }> }>(sql, {
    key: args.key,
    perSecond: args.shape.perSecond,
    capacity: args.shape.capacity,
    want: args.want,
    ...(args.now === undefined ? {} : { now: args.now }),
  });
  const row = result.rows[0]!;
  return { granted: Number(row.granted), available: Number(row.available), atMs: Number(row.at_ms) };
}

/**
 * Takes up to `want` tokens that are there now (never more): for admission decisions that
 * must answer at once, such as a webhook delivery accepted or answered 429.
 */
export function takeAvailable(db: Db, args: { key: string; shape: BucketShape; want: number; now?: number }): Promise<Lease> {
  return lease(db, { ...args, debt: false });
}

/**
 * Takes `want` tokens even if the bucket must go into debt: the caller then spaces its
 * requests by `available` (see slotDelaysMs), so reserving is also waiting in line.
 */
export function reserve(db: Db, args: { key: string; shape: BucketShape; want: number }): Promise<Lease> {
  return lease(db, { ...args, debt: true });
}

/** When each of a reservation's tokens may be used, in ms after the lease's `atMs`. */
export function slotDelaysMs(lease: Lease, perSecond: number): number[] {
  return Array.from({ length: lease.granted }, (_, index) => Math.max(0, ((index + 1 - lease.available) / perSecond) * 1000));
}
