import type { AccountDefinition } from '../sdk';
import { ConnectorError } from '../sdk';
import { modeOfKey, stripeClient } from './client';
import { callStripe } from './errors';

export interface StripeCredentials {
  secretKey: string;
  /** Requests per second Tributary may send with this key; default by mode (see README). */
  requestsPerSecond?: number;
}

// Stripe allows 25 requests/s in test mode and 100/s in live mode; we stay a little
// under the live figure so other tools sharing the key keep some room.
const DEFAULT_RATE = { test: 25, live: 90 } as const;

function checkKeyShape(secretKey: string): void {
  if (/^pk_(test|live)_/.test(secretKey)) {
    throw new ConnectorError(
      'auth',
      'This is a publishable key (pk_...). Paste a secret key (sk_...) or a restricted key (rk_...) from Stripe Dashboard > Developers > API keys.',
      { param: 'secretKey' },
    );
  }
  if (!/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/.test(secretKey)) {
    throw new ConnectorError(
      'auth',
      'This does not look like a Stripe secret key. It starts with sk_test_, sk_live_, rk_test_ or rk_live_.',
      { param: 'secretKey' },
    );
  }
}

export const stripeAccount: AccountDefinition<StripeCredentials> = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['secretKey'],
    properties: {
      secretKey: {
        type: 'string',
        title: 'Secret key',
        description:
          'A secret key (sk_test_... or sk_live_...) or a restricted key (rk_...) with write access to customers and invoices.',
        writeOnly: true,
        minLength: 1,
        maxLength: 255,
      },
      requestsPerSecond: {
        type: 'integer',
        title: 'Requests per second',
        description: 'Leave empty for Stripe’s limit: 25 in test mode, 90 in live mode.',
        minimum: 1,
        maximum: 1000,
      },
    },
  },
  hint(credentials) {
    const key = credentials.secretKey;
    const prefix = key.slice(0, key.indexOf('_', 3) + 1);
    return `${prefix}...${key.slice(-4)}`;
  },
  async verify({ credentials, context }) {
    checkKeyShape(credentials.secretKey);
    const client = stripeClient(credentials.secretKey, context.stripeApiBase);
    // A restricted key may lack read access to /v1/account; listing one customer needs
    // only what the actions need anyway.
    await callStripe(() => client.customers.list({ limit: 1 }));
    return { details: { mode: modeOfKey(credentials.secretKey) } };
  },
  rateLimitPerSecond(credentials) {
    return credentials.requestsPerSecond ?? DEFAULT_RATE[modeOfKey(credentials.secretKey)];
  },
};
