/**
 * Spaces requests evenly at `perSecond`, shared by every run in this process that uses
 * the same account, so concurrent runs cannot together exceed the destination's limit.
 * (Several worker processes each get their own share; see the README.)
 */
export class RateLimiter {
  private nextFreeAt = 0;
  private readonly intervalMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}

const limiters = new Map<string, RateLimiter>();

export function limiterFor(key: string, perSecond: number): RateLimiter {
  const id = `${key}:${perSecond}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiter(perSecond);
    limiters.set(id, limiter);
  }
  return limiter;
}
