/** Failures tests can ask for, shaped like what Stripe's edge and servers really do. */
export type Fault =
  | { kind: 'rate-limit'; shouldRetry?: boolean; retryAfterSeconds?: number }
  | { kind: 'server-error' }
  | { kind: 'drop-before' }
  | { kind: 'drop-after' }
  | { kind: 'latency'; ms: number }
  // A 400 request error with this message, as Stripe answers a feature the account does not have.
  | { kind: 'refuse'; message: string };

export interface FaultMatch {
  /** 'GET', 'POST', ...; any method when left out. */
  method?: string;
  /** A path prefix such as '/v1/customers'; any path when left out. */
  path?: string;
}

export interface FaultControls {
  /** The next `times` requests matching `match` get `fault` (queued faults apply in order). */
  failNext(match: FaultMatch, fault: Fault, times?: number): void;
  /** Latency added to every request, in milliseconds. */
  setLatency(ms: number): void;
  /** Requests per second per API key over which Stripe's 429 `rate_limit` answers; null for no limit. */
  setRateLimit(perSecond: number | null): void;
  /** Forget queued faults, latency and the rate limit. */
  clear(): void;
}

interface Queued {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
}

export class FaultBook implements FaultControls {
  private queue: Queued[] = [];
  latencyMs = 0;
  private perSecond: number | null = null;
  /** Stripe limits each account on its own: one bucket per API key. */
  private buckets = new Map<string, { tokens: number; refilledAt: number }>();

  constructor(options: { latencyMs?: number; rateLimitPerSecond?: number | null } = {}) {
    this.setLatency(options.latencyMs ?? 0);
    this.setRateLimit(options.rateLimitPerSecond ?? null);
  }

  failNext(match: FaultMatch, fault: Fault, times = 1): void {
    this.queue.push({ match: { ...match, method: match.method?.toUpperCase() }, fault, remaining: times });
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  setRateLimit(perSecond: number | null): void {
    this.perSecond = perSecond;
    this.buckets.clear();
  }

  clear(): void {
    this.queue = [];
    this.latencyMs = 0;
    this.setRateLimit(null);
  }

  /** The queued fault for this request, if any; consumes one of its uses. */
  take(method: string, path: string): Fault | undefined {
    const index = this.queue.findIndex(
      (q) => (!q.match.method || q.match.method === method) && (!q.match.path || path.startsWith(q.match.path)),
    );
    if (index === -1) return undefined;
    const queued = this.queue[index];
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(index, 1);
    return queued.fault;
  }

  /**
   * A token bucket per API key refilled at `perSecond` per second with a burst of one
   * second's worth: true when this request is over the limit.
   */
  overRateLimit(apiKey: string, now = Date.now()): boolean {
    if (this.perSecond === null) return false;
    const bucket = this.buckets.get(apiKey) ?? { tokens: this.perSecond, refilledAt: now };
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.perSecond);
    bucket.refilledAt = now;
    this.buckets.set(apiKey, bucket);
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }
}
