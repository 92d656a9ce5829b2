import Stripe from 'stripe';
import { ConnectorError } from '../sdk';

function header(error: Stripe.errors.StripeError, name: string): string | undefined {
  const headers = error.headers as Record<string, string | undefined> | undefined;
  return headers?.[name];
}

function retryAfterMs(error: Stripe.errors.StripeError): number | undefined {
  const value = header(error, 'retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

/**
 * Turns whatever the stripe client threw into the engine's vocabulary. Stripe's own
 * message, code and `param` are kept word for word: they are what the run log shows.
 * `Stripe-Should-Retry` overrides the status-based guess, as Stripe asks clients to do.
 */
export function toConnectorError(caught: unknown): ConnectorError {
  if (caught instanceof ConnectorError) return caught;
  if (!(caught instanceof Stripe.errors.StripeError)) {
    return new ConnectorError('retryable', caught instanceof Error ? caught.message : String(caught));
  }
  const details = {
    type: caught.type,
    code: caught.code,
    param: caught.param,
    statusCode: caught.statusCode,
  };
  const shouldRetry = header(caught, 'stripe-should-retry');
  if (caught instanceof Stripe.errors.StripeConnectionError) {
    return new ConnectorError('retryable', `Could not reach Stripe: ${caught.message}`, details);
  }
  if (caught instanceof Stripe.errors.StripeAuthenticationError || caught instanceof Stripe.errors.StripePermissionError) {
    return new ConnectorError('auth', caught.message, details);
  }
  const status = caught.statusCode ?? 0;
  const retryable = shouldRetry === 'true' || (shouldRetry !== 'false' && (status === 429 || status === 409 || status >= 500));
  return new ConnectorError(retryable ? 'retryable' : 'item', caught.message, details, retryAfterMs(caught));
}

/** Runs one Stripe call and converts its failure. */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (caught) {
    throw toConnectorError(caught);
  }
}
