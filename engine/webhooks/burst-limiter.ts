import { takeAvailable } from '../rate-limits';
import type { Db } from '../store/db';

export interface BurstLimit {
  /** Sustained deliveries per second per hook. */
  perSecond: number;
  /** Deliveries a hook may take at once after being idle. */
  burst: number;
}

/**
 * The default of a webhook source's `deliveriesPerSecond` / `deliveryBurst` options: well
 * above what one Stripe account can absorb (the inbox queues the difference), and well
 * under what the ingress stores per second, so one runaway sender cannot starve the rest.
 */
export const DEFAULT_BURST_LIMIT: BurstLimit = { perSecond: 200, burst: 1000 };

/** The limit a connection's source options ask for (defaults as in the trigger's schema). */
export function burstLimitFromOptions(options: Record<string, unknown>): BurstLimit {
  const whole = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
  return {
    perSecond: whole(options.deliveriesPerSecond, DEFAULT_BURST_LIMIT.perSecond),
    burst: whole(options.deliveryBurst, DEFAULT_BURST_LIMIT.burst),
  };
}

// A process leases about 1/20 s of a hook's rate at a time (more when that many
// deliveries wait), and forgets unused tokens after a second, so the sum over processes
// never exceeds the limit and leftovers cannot pile up into an extra burst.
const SLICE_SECONDS = 0.05;
const TOKEN_LIFETIME_MS = 1000;

interface HookTokens {
  tokens: number;
  expiresAt: number;
  /** Set after PostgreSQL said "none left": answer 429 locally until then, without asking again. */
  closedUntil: number;
  waiting: number;
  lease: Promise<void> | null;
}

/**
 * A token bucket per hook, kept in PostgreSQL (rate_budgets) so every web process shares
 * it: tokens are leased in small slices with one statement, and a delivery only waits for
 * the database when its process has none left.
 */
export class BurstLimiter {
  private readonly hooks = new Map<string, HookTokens>();

  constructor(
    private readonly db: Db,
    /** Tests pass a clock; PostgreSQL's own clock is used otherwise. */
    private readonly clock?: () => number,
  ) {}

  /** Takes one token for the hook. Resolves to 0 when allowed, else the seconds to wait. */
  async take(hookId: string, limit: BurstLimit): Promise<number> {
    const hook = this.hooks.get(hookId) ?? this.remember(hookId);
    hook.waiting++;
    try {
      // At most two leases: one already under way when this delivery arrived, and its own.
      for (let round = 0; round < 3; round++) {
        const now = this.now();
        if (hook.tokens > 0 && now < hook.expiresAt) {
          hook.tokens--;
          return 0;
        }
        if (now < hook.closedUntil) return Math.max(1, Math.ceil((hook.closedUntil - now) / 1000));
        if (round === 2) break;
        hook.lease ??= this.lease(hookId, hook, limit).finally(() => (hook.lease = null));
        await hook.lease;
      }
      return 1;
    } finally {
      hook.waiting--;
    }
  }

  private now(): number {
    return this.clock ? this.clock() : Date.now();
  }

  private remember(hookId: string): HookTokens {
    // Hooks that went quiet are forgotten first; a busy one is re-created on its next delivery.
    if (this.hooks.size >= 10_000) this.hooks.delete(this.hooks.keys().next().value as string);
    const hook: HookTokens = { tokens: 0, expiresAt: 0, closedUntil: 0, waiting: 0, lease: null };
    this.hooks.set(hookId, hook);
    return hook;
  }

  private async lease(hookId: string, hook: HookTokens, limit: BurstLimit): Promise<void> {
    const want = Math.min(limit.burst, Math.max(hook.waiting, Math.ceil(limit.perSecond * SLICE_SECONDS)));
    const lease = await takeAvailable(this.db, {
      key: `hook:${hookId}`,
      shape: { perSecond: limit.perSecond, capacity: limit.burst },
      want,
      now: this.clock?.(),
    });
    const now = this.now();
    hook.tokens = lease.granted;
    hook.expiresAt = now + TOKEN_LIFETIME_MS;
    hook.closedUntil = lease.granted > 0 ? 0 : now + ((1 - lease.available) / limit.perSecond) * 1000;
  }
}
