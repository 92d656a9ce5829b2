import type { OutgoingRequest, RequestRate } from '../../connectors/sdk';
import type { Db } from '../store/db';
import { DatabaseClock } from './database-clock';
import { reserve, slotDelaysMs, type BucketShape } from './store';

// Slots are spaced evenly across all processes, and a slot may be used at most LATE_MS
// after its time (later, it is given up). A request may also reach Stripe up to
// JITTER_MS later than another sent after it (scheduling, the network). So the requests
// arriving in any one second were given slots within 1 s + LATE_MS + JITTER_MS, at most
// 1 + floor(paced * 1.07) of them: pacing at PACING_SHARE of the rate keeps that to at
// most the rate, whichever workers send them and however late their timers fire.
const LATE_MS = 40;
const JITTER_MS = 30;
export const PACING_SHARE = 0.999 / (1 + (LATE_MS + JITTER_MS) / 1000);

// A worker reserves at most a quarter second of the account's rate at once, and reserves
// again when what it holds runs out within LEAD_MS: few queries, little held back.
const SLICE_SECONDS = 0.25;
const LEAD_MS = 100;

/** The bucket an account's declared rate becomes: its rate paced, its burst kept. */
export function bucketShape(rate: RequestRate): BucketShape {
  return { perSecond: rate.perSecond * PACING_SHARE, capacity: Math.max(1, rate.burst ?? 0) };
}

/** A moment this process may send one request: not before `from`, not after `until`. */
interface Slot {
  from: number;
  until: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * One account's outgoing requests in this process. Slots are reserved in slices from the
 * account's row in rate_budgets (one statement per slice), so the slots of all processes
 * never overlap; each request then waits for its slot here, without a query.
 */
export class SendBudget {
  private readonly waiters: Waiter[] = [];
  /** Slots this process holds, in local time (performance.now), earliest first. */
  private slots: Slot[] = [];
  private leasing = false;
  private timer: NodeJS.Timeout | null = null;
  private shape: BucketShape = { perSecond: 1, capacity: 1 };
  /** For benchmarks: statements sent, slots received, slots given up unused. */
  readonly stats = { leases: 0, slots: 0, forfeited: 0 };

  constructor(
    private readonly db: Db,
    private readonly key: string,
    rate: RequestRate,
    private readonly clock: DatabaseClock = new DatabaseClock(),
  ) {
    this.setRate(rate);
  }

  /** The account's rate may change between runs (an edited account); the next slice uses it. */
  setRate(rate: RequestRate): void {
    this.shape = bucketShape(rate);
  }

  /** Resolves when the caller may send one request. */
  take(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.pump();
    });
  }

  /**
   * A request is about to come (an instant run was started for a waiting payload): reserve
   * its slot now, so that query overlaps the run's own reads instead of following them.
   * An idle budget only; a slot not used in time is given up like any late one.
   */
  expect(): void {
    if (this.leasing || this.slots.length > 0 || this.waiters.length > 0) return;
    this.lease(1);
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = this.clock.local();
    let first = 0;
    let next = Infinity;
    while (this.waiters.length > 0 && first < this.slots.length) {
      const slot = this.slots[first]!;
      if (now > slot.until) {
        first++;
        this.stats.forfeited++;
      } else if (slot.from <= now) {
        first++;
        this.waiters.shift()!.resolve();
      } else {
        next = slot.from;
        break;
      }
    }
    if (first > 0) this.slots = this.slots.slice(first);

    const demand = this.waiters.length - this.slots.length;
    const last = this.slots[this.slots.length - 1];
    if (demand > 0 && !this.leasing && (last === undefined || last.from - now < LEAD_MS)) this.lease(demand);
    if (next !== Infinity) this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(next - now)));
  }

  private lease(demand: number): void {
    this.leasing = true;
    const want = Math.min(demand, Math.max(1, Math.ceil(this.shape.perSecond * SLICE_SECONDS)));
    const shape = this.shape;
    const sentAt = this.clock.local();
    this.stats.leases++;
    reserve(this.db, { key: this.key, shape, want })
      .then((lease) => {
        const receivedAt = this.clock.local();
        this.clock.observe(sentAt, receivedAt, lease.atMs);
        // A slot is used no earlier than its latest possible local time, and given up
        // LATE_MS after its earliest possible one.
        this.stats.slots += lease.granted;
        for (const delay of slotDelaysMs(lease, shape.perSecond)) {
          const { at, error } = this.clock.toLocal(lease.atMs + delay);
          this.slots.push({ from: at + error, until: at - error + LATE_MS });
        }
        this.slots.sort((a, b) => a.from - b.from);
      })
      .catch((error: unknown) => {
        // Without the shared budget nothing may be sent; the callers' requests fail as
        // retryable and their items are retried with back-off.
        for (const waiter of this.waiters.splice(this.slots.length)) waiter.reject(error);
      })
      .finally(() => {
        this.leasing = false;
        this.pump();
      });
  }
}

// One budget per account per process (and per database, for tests that run several).
interface Budgets {
  clock: DatabaseClock;
  byKey: Map<string, { budget: SendBudget; hook: (request: OutgoingRequest) => Promise<void> }>;
}
const budgets = new WeakMap<Db, Budgets>();
const budgetOfHook = new WeakMap<(request: OutgoingRequest) => Promise<void>, SendBudget>();

/** See SendBudget.expect; nothing for a context without a budget. */
export function expectRequest(hook: ((request: OutgoingRequest) => Promise<void>) | undefined): void {
  if (hook) budgetOfHook.get(hook)?.expect();
}

/**
 * The `beforeRequest` hook for one account. The same function is returned every time, so
 * connectors can keep one client per account budget.
 */
export function sendBudgetHook(db: Db, key: string, rate: RequestRate): (request: OutgoingRequest) => Promise<void> {
  let forDb = budgets.get(db);
  if (!forDb) {
    forDb = { clock: new DatabaseClock(), byKey: new Map() };
    budgets.set(db, forDb);
  }
  const existing = forDb.byKey.get(key);
  if (existing) {
    existing.budget.setRate(rate);
    return existing.hook;
  }
  const budget = new SendBudget(db, key, rate, forDb.clock);
  const hook = () => budget.take();
  forDb.byKey.set(key, { budget, hook });
  budgetOfHook.set(hook, budget);
  return hook;
}
