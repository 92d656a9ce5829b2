import type { Db } from '../store/db';

/** Unprocessed payloads a connection may hold before new deliveries are refused. */
export const DEFAULT_MAX_PENDING_PAYLOADS = 10_000;

// How long a count is trusted; deliveries stored meanwhile are added to it here.
const RECOUNT_MS = 1000;
// What a refused sender is told: long enough for a run to drain some of the inbox.
const RETRY_AFTER_SECONDS = 60;

interface Count {
  pending: number;
  countedAt: number;
  counting: Promise<number> | null;
}

/**
 * Refuses deliveries to a connection whose inbox already holds `max` unprocessed
 * payloads (a disabled connection, or a sender far faster than the destination), so
 * one hook cannot fill the disk. The count is read at most once a second per connection
 * (never more than `max` index entries) and kept up to date with this process's own
 * deliveries in between; several web processes may overshoot by a second's deliveries.
 */
export class PendingPayloadCap {
  private readonly counts = new Map<string, Count>();

  constructor(
    private readonly db: Db,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the connection may take another payload, else the seconds to wait. */
  async check(connectionId: string): Promise<number> {
    const pending = await this.pending(connectionId);
    return pending >= this.max ? RETRY_AFTER_SECONDS : 0;
  }

  /** A payload was stored: count it until the next recount. */
  stored(connectionId: string): void {
    const count = this.counts.get(connectionId);
    if (count) count.pending += 1;
  }

  private async pending(connectionId: string): Promise<number> {
    const now = this.now();
    let count = this.counts.get(connectionId);
    if (count && (now - count.countedAt < RECOUNT_MS || count.counting)) return count.counting ?? count.pending;
    // Far under the cap, an old count answers at once and is brought up to date meanwhile:
    // a delivery does not wait for a count that could not refuse it.
    const farUnder = count !== undefined && count.pending < this.max / 2;
    if (!count) {
      // Bounded: a process forgets idle hooks rather than growing with every connection.
      if (this.counts.size >= 10_000) this.counts.clear();
      count = { pending: 0, countedAt: now, counting: null };
      this.counts.set(connectionId, count);
    }
    const entry = count;
    entry.counting = this.countPending(connectionId).then(
      (pending) => {
        Object.assign(entry, { pending, countedAt: this.now(), counting: null });
        return pending;
      },
      (error: unknown) => {
        entry.counting = null;
        throw error;
      },
    );
    if (farUnder) {
      entry.counting.catch(() => undefined);
      return entry.pending;
    }
    return entry.counting;
  }

  private async countPending(connectionId: string): Promise<number> {
    const result = await this.db.raw<{ rows: Array<{ pending: number }> }>(
      `select count(*)::int as pending from (
         select 1 from webhook_inbox where connection_id = ? and processed_at is null limit ?) capped`,
      [connectionId, this.max],
    );
    return result.rows[0]!.pending;
  }
}
