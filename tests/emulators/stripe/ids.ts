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

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
