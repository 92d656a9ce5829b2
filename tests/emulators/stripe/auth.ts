import { invalidRequest, type EmulatedError } from './errors';

const KEY_SHAPE = /^(sk|rk)_(test|live)_[A-Za-z0-9_]{8,}$/;

/** The API key from `Authorization: Bearer KEY` or Basic auth with the key as user name. */
export function apiKeyFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return undefined;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

/** `sk_test_****4242`: Stripe never echoes a whole key. */
export function maskKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  const hidden = Math.max(0, key.length - prefix.length - 4);
  return `${prefix}${'*'.repeat(hidden)}${key.slice(-4)}`;
}

/** Returns the error to answer with, or undefined when the key is acceptable. */
export function checkKey(key: string | undefined, revoked: ReadonlySet<string>): EmulatedError | undefined {
  if (!key) {
    return invalidRequest(
      "You did not provide an API key. Send it in the Authorization header using Bearer auth (e.g. 'Authorization: Bearer sk_test_...').",
      { status: 401 },
    );
  }
  if (!KEY_SHAPE.test(key) || revoked.has(key)) {
    return invalidRequest(`Invalid API Key provided: ${maskKey(key)}`, { status: 401 });
  }
  return undefined;
}

export function isLiveKey(key: string): boolean {
  return /^(sk|rk)_live_/.test(key);
}
