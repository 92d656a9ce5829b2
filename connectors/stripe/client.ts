import Stripe from 'stripe';
import type { ConnectorContext } from '../sdk';
import { taggedBody } from './tags';

/** The API version our emulator's spec and stripe-node 15 agree on; never float it. */
export const STRIPE_API_VERSION = '2024-04-10';

type BeforeRequest = NonNullable<ConnectorContext['beforeRequest']>;

// Clients are kept per account budget (the engine hands out one hook per account and
// process), then per key and base URL. Contexts without a budget share one map.
const unmetered = new Map<string, Stripe>();
const metered = new WeakMap<BeforeRequest, Map<string, Stripe>>();

/**
 * Every request of the client, whatever action or helper sends it (look-ups, creates,
 * finalize, retries), first waits for the account's budget: this is where Stripe
 * requests are counted, so a new action cannot forget to. Creates made for an item also
 * get the item's tag here (tags.ts), for the same reason.
 */
function productHttpClient(beforeRequest: BeforeRequest | undefined): Stripe.HttpClient {
  const inner = Stripe.createNodeHttpClient();
  return {
    getClientName: () => inner.getClientName(),
    async makeRequest(host, port, path, method, headers, requestData, protocol, timeout) {
      const body = taggedBody(method, path, requestData);
      const sent = body === requestData ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body ?? '') };
      await beforeRequest?.({ method, url: `${protocol}://${host}:${port}${path}` });
      return inner.makeRequest(host, port, path, method, sent, body, protocol, timeout);
    },
  };
}

function clientsFor(hook: BeforeRequest | undefined): Map<string, Stripe> {
  if (!hook) return unmetered;
  let clients = metered.get(hook);
  if (!clients) {
    clients = new Map();
    metered.set(hook, clients);
  }
  return clients;
}

/**
 * The client for one secret key. Retries are off here on purpose: the engine retries
 * with its own back-off and the same idempotency key, and counts attempts for the run log.
 */
export function stripeClient(secretKey: string, context: ConnectorContext): Stripe {
  const hook = context.beforeRequest;
  const clients = clientsFor(hook);
  const id = `${context.stripeApiBase}\u0000${secretKey}`;
  let client = clients.get(id);
  if (!client) {
    const url = new URL(context.stripeApiBase);
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
      httpClient: productHttpClient(hook),
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
