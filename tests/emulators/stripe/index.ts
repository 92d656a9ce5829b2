import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { FaultControls } from './faults';
import type { LoggedRequest } from './pipeline';
import { createParts, createServer } from './server';
import { STRIPE_API_VERSION } from './spec/load';
import type { StripeObject } from './store';

export type { Fault, FaultControls, FaultMatch } from './faults';
export type { LoggedRequest } from './pipeline';
export type { StripeObject, ListPage } from './store';
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
  | 'payment_method';

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
    reset: () => {
      parts.state.reset();
      parts.idempotency.clear();
      parts.requests.length = 0;
      parts.faults.clear();
      parts.revoked.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
