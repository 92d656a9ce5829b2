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

const KEY_HELP = 'Copy it from Stripe Dashboard > Developers > API keys.';

/**
 * What is wrong with a pasted key, in words, or null when Stripe could have issued it.
 * Only the shape is checked here: Stripe itself decides whether a well-formed key is
 * real. Stripe's keys are a prefix (sk_ or rk_, then test_ or live_) and a body of
 * letters, digits and underscores whose length Stripe has changed over the years, so
 * the body's length is left to Stripe as well.
 */
export function keyShapeProblem(secretKey: string): string | null {
  if (/\s/.test(secretKey)) return `The key contains a space or line break. ${KEY_HELP}`;
  if (/^pk_(test|live)_/.test(secretKey)) {
    return 'This is a publishable key (pk_...). Paste a secret key (sk_...) or a restricted key (rk_...) from Stripe Dashboard > Developers > API keys.';
  }
  if (secretKey.startsWith('whsec_')) {
    return `This is a webhook signing secret (whsec_...), not an API key. Paste a secret key (sk_...) or a restricted key (rk_...). ${KEY_HELP}`;
  }
  const prefix = /^(sk|rk)_(test|live)_/.exec(secretKey)?.[0];
  if (!prefix) {
    const start = /^(sk|rk)_/.test(secretKey) ? secretKey.slice(0, secretKey.indexOf('_', 3) + 1 || 3) : secretKey.slice(0, 3);
    return `A Stripe secret key starts with sk_test_ or sk_live_ (restricted keys: rk_test_ or rk_live_); this one starts with "${start}". ${KEY_HELP}`;
  }
  const body = secretKey.slice(prefix.length);
  if (body === '') return `The key stops after its prefix: paste the whole key. ${KEY_HELP}`;
  const stray = /[^A-Za-z0-9_]/.exec(body)?.[0];
  if (stray) return `The key contains "${stray}", which Stripe keys never contain (only letters, digits and _). ${KEY_HELP}`;
  return null;
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
    const problem = keyShapeProblem(credentials.secretKey);
    if (problem) throw new ConnectorError('auth', problem, { param: 'secretKey' });
    const client = stripeClient(credentials.secretKey, context);
    // A restricted key may lack read access to /v1/account; listing one customer needs
    // only what the actions need anyway.
    try {
      await callStripe(() => client.customers.list({ limit: 1 }));
    } catch (error) {
      // A well-formed key Stripe does not know: say that it was Stripe who refused it.
      if (error instanceof ConnectorError && error.kind === 'auth') {
        throw new ConnectorError('auth', `Stripe refused this key: ${error.message}`, { ...error.details, param: 'secretKey' });
      }
      throw error;
    }
    return { details: { mode: modeOfKey(credentials.secretKey) } };
  },
  requestRate(credentials) {
    return { perSecond: credentials.requestsPerSecond ?? DEFAULT_RATE[modeOfKey(credentials.secretKey)] };
  },
};
