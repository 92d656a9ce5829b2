export interface BurstLimit {
  /** Sustained deliveries per second per hook. */
  perSecond: number;
  /** Deliveries a hook may send at once after being idle. */
  burst: number;
}

export const DEFAULT_BURST_LIMIT: BurstLimit = { perSecond: 100, burst: 200 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per hook, in this process's memory. With several web processes each
 * enforces its own share; that is enough to stop one runaway sender from starving others.
 */
export class BurstLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: BurstLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`. Returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, updatedAt: now };
    const refilled = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.limit.perSecond);
    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, updatedAt: now });
      return 0;
    }
    this.buckets.set(key, { tokens: refilled, updatedAt: now });
    return Math.max(1, Math.ceil((1 - refilled) / this.limit.perSecond));
  }
}
