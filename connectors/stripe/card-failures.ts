import Stripe from 'stripe';
import { ConnectorError } from '../sdk';
import { toConnectorError } from './errors';

const NEEDS_AUTHENTICATION = ['authentication_required', 'invoice_payment_intent_requires_action'];

/**
 * A failed charge as a person can act on it: Stripe's own message and decline code, and
 * what to do next. A card that needs 3-D Secure cannot be confirmed while the customer is
 * away, so the way out is a payment link (or the invoice's payment page).
 */
export function cardFailure(caught: unknown, what: string): ConnectorError {
  if (!(caught instanceof Stripe.errors.StripeError) || !isCardFailure(caught)) return toConnectorError(caught);
  const details = {
    type: caught.type,
    code: caught.code,
    declineCode: caught.decline_code,
    statusCode: caught.statusCode,
  };
  if (NEEDS_AUTHENTICATION.includes(caught.code ?? '') || caught.decline_code === 'authentication_required') {
    return new ConnectorError(
      'item',
      `${what} needs the customer to confirm it with their bank (3-D Secure), which cannot happen while they are away. Send them a payment link or the invoice’s payment page instead. Stripe said: ${caught.message}`,
      details,
    );
  }
  const code = caught.decline_code ?? caught.code;
  return new ConnectorError(
    'item',
    `${what} was declined: ${caught.message}${code ? ` (decline code: ${code})` : ''}. Ask the customer to update their card, or send them a payment link instead.`,
    details,
  );
}

function isCardFailure(error: Stripe.errors.StripeError): boolean {
  return error instanceof Stripe.errors.StripeCardError || NEEDS_AUTHENTICATION.includes(error.code ?? '');
}

/**
 * Stripe answers a repeated request with the first answer for 24 hours. A decline replayed
 * that way means an earlier attempt of this very item was declined; the item is being sent
 * again on purpose (retried from the run log), so a fresh attempt is what the person wants.
 */
export function isReplayedDecline(caught: unknown): boolean {
  if (!(caught instanceof Stripe.errors.StripeError) || !isCardFailure(caught)) return false;
  const headers = caught.headers as Record<string, string | undefined> | undefined;
  return headers?.['idempotent-replayed'] === 'true';
}
