import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomChars(length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** Length of the random part after the prefix, as Stripe's own ids look today. */
const LENGTHS: Record<string, number> = {
  cus: 14,
  prod: 14,
  cs_test: 58,
  acct: 16,
  whsec: 32,
};

/** A Stripe-looking id: `newId('cus')` → `cus_PEHTtYpY7elppN`, `newId('in')` → `in_1OPouh…` (24 chars). */
export function newId(prefix: string): string {
  const length = LENGTHS[prefix] ?? 24;
  return `${prefix}_${length === 24 ? '1' + randomChars(23) : randomChars(length)}`;
}

export function newRequestId(): string {
  return `req_${randomChars(14)}`;
}

/** Customers get a random invoice prefix such as `B4749BD0`. */
export function newInvoicePrefix(): string {
  return crypto.randomBytes(4).toString('hex').toUpperCase();
}

/**
 * The emulator's clock for `created` and other timestamps. Tests freeze it to make many
 * objects share one `created` second, as a busy Stripe account does, and to backdate
 * objects (a charge from last month); it resumes real time when thawed.
 */
export class EmulatorClock {
  private frozenAt: number | null = null;
  /** Seconds the clock was moved forward by `advance`. */
  private ahead = 0;

  now(): number {
    return this.frozenAt ?? Math.floor(Date.now() / 1000) + this.ahead;
  }

  /**
   * Real time plus every `advance`, frozen or not: how old an idempotency key is. A test
   * that freezes `created` in 2024 must not make the keys it sends then look years old.
   */
  elapsed(): number {
    return Math.floor(Date.now() / 1000) + this.ahead;
  }

  /** Moves the clock forward (a day passing for idempotency keys, `created` and events). */
  advance(seconds: number): void {
    this.ahead += seconds;
    if (this.frozenAt !== null) this.frozenAt += seconds;
  }

  /** Every object made from now on gets `created` = `atSeconds` (default: the current second). */
  freeze(atSeconds: number = this.now()): void {
    this.frozenAt = atSeconds;
  }

  resume(): void {
    this.frozenAt = null;
    this.ahead = 0;
  }
}

// Operations run synchronously, so the clock of the emulator running one can be a module
// variable set around the call: every helper's nowSeconds() then reads that emulator's
// clock without each of them taking it as a parameter.
let current: EmulatorClock | null = null;

export function withClock<T>(clock: EmulatorClock, run: () => T): T {
  const previous = current;
  current = clock;
  try {
    return run();
  } finally {
    current = previous;
  }
}

export function nowSeconds(): number {
  return current ? current.now() : Math.floor(Date.now() / 1000);
}
