import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { FaultControls } from './faults';
import type { LoggedRequest } from './pipeline';
import { createParts, createServer } from './server';
import { STRIPE_API_VERSION } from './spec/load';
import type { WebhookDelivery } from './events/webhook-sender';
import { seedObjects } from './seed';
import type { StripeObject } from './store';

export type { Fault, FaultControls, FaultMatch } from './faults';
export type { LoggedRequest } from './pipeline';
export type { StripeObject, ListPage } from './store';
export type { WebhookDelivery } from './events/webhook-sender';
export { stripeSignature } from './events/webhook-sender';
export { errorBodyValidator, responseValidator } from './spec/json-schema';
export { STRIPE_API_VERSION } from './spec/load';

export const DEFAULT_TEST_KEY = 'sk_test_emulator_4242';

/** Stripe's `object` names of what the emulator keeps. */
export type StripeObjectKind =
  | 'customer'
  | 'invoiceitem'
  | 'invoice'
  | 'price'
  | 'product'
  | 'payment_link'
  | 'checkout.session'
  | 'payment_intent'
  | 'payment_method'
  | 'charge'
  | 'refund'
  | 'subscription'
  | 'plan'
  | 'coupon'
  | 'balance_transaction'
  | 'payout'
  | 'transfer'
  | 'application_fee'
  | 'dispute'
  | 'event'
  | 'webhook_endpoint';

export interface StripeEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  latencyMs?: number;
  rateLimitPerSecond?: number;
}

export interface StripeEmulator {
  /** `http://127.0.0.1:PORT`: the value for STRIPE_API_BASE. */
  url: string;
  host: string;
  port: number;
  /** The real stripe client pointed at the emulator (default key sk_test_emulator_4242). */
  client(key?: string, config?: Stripe.StripeConfig): Stripe;
  /** Every request received, in arrival order. */
  requests: LoggedRequest[];
  faults: FaultControls;
  /** From now on this key gets 401 Invalid API Key. */
  revokeKey(key: string): void;
  /** Objects of one kind, oldest first. */
  list(kind: StripeObjectKind): StripeObject[];
  /**
   * Makes `count` objects of a kind directly (default 1), announced by events as if Stripe
   * had made them: for kinds no API call makes (disputes, payouts) and bulk test data.
   * `fields(i)` overrides the official sample's fields of the i-th object.
   */
  create(kind: StripeObjectKind, count?: number, fields?: (index: number) => Record<string, unknown>): StripeObject[];
  /**
   * The clock behind `created`: `freeze()` makes every object from now on share the current
   * second (or `freeze(t)` that of t), as a busy account's objects do; `resume()` returns
   * to real time. `advance(s)` moves it forward: idempotency keys older than 24 hours
   * are then forgotten, as Stripe forgets them.
   */
  clock: { freeze(atSeconds?: number): void; resume(): void; now(): number; advance(seconds: number): void };
  /** Signed deliveries of events to webhook endpoints, and a wait for those under way. */
  webhooks: { deliveries: WebhookDelivery[]; settled(): Promise<void> };
  /** Forget all objects, idempotency keys, the request log, faults and revoked keys. */
  reset(): void;
  close(): Promise<void>;
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const parts = createParts(options);
  const server = createServer(parts);
  const host = '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    host,
    port,
    client: (key = DEFAULT_TEST_KEY, config = {}) =>
      new Stripe(key, { apiVersion: STRIPE_API_VERSION, host, port, protocol: 'http', ...config }),
    requests: parts.requests,
    faults: parts.faults,
    revokeKey: (key) => parts.revoked.add(key),
    list: (kind) => parts.state.list(kind),
    create: (kind, count = 1, fields) => seedObjects(parts.state, { kind, count, fields }),
    clock: {
      freeze: (at) => parts.state.clock.freeze(at),
      resume: () => parts.state.clock.resume(),
      now: () => parts.state.clock.now(),
      advance: (seconds) => parts.state.clock.advance(seconds),
    },
    webhooks: { deliveries: parts.state.webhooks.deliveries, settled: () => parts.state.webhooks.settled() },
    reset: () => {
      parts.state.reset();
      parts.idempotency.clear();
      parts.requests.length = 0;
      parts.faults.clear();
      parts.revoked.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        parts.state.webhooks.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
