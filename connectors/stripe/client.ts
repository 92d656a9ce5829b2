import Stripe from 'stripe';

/** The API version our emulator's spec and stripe-node 15 agree on; never float it. */
export const STRIPE_API_VERSION = '2024-04-10';

const clients = new Map<string, Stripe>();

/**
 * One client per key and base URL. Retries are off here on purpose: the engine retries
 * with its own back-off and the same idempotency key, and counts attempts for the run log.
 */
export function stripeClient(secretKey: string, apiBase: string): Stripe {
  const id = `${apiBase}\u0000${secretKey}`;
  let client = clients.get(id);
  if (!client) {
    const url = new URL(apiBase);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    client = new Stripe(secretKey, {
      apiVersion: STRIPE_API_VERSION,
      host: url.hostname,
      port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
      protocol,
      maxNetworkRetries: 0,
      timeout: 30_000,
      telemetry: false,
      appInfo: { name: 'Tributary' },
    });
    clients.set(id, client);
  }
  return client;
}

export type StripeMode = 'test' | 'live';

export function modeOfKey(secretKey: string): StripeMode {
  return /^(sk|rk)_live_/.test(secretKey) ? 'live' : 'test';
}

/** A link a person can open to see the object in Stripe's dashboard. */
export function dashboardUrl(secretKey: string, path: string): string {
  const prefix = modeOfKey(secretKey) === 'test' ? '/test' : '';
  return `https://dashboard.stripe.com${prefix}/${path}`;
}
