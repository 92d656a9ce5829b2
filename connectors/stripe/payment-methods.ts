import type Stripe from 'stripe';
import { ConnectorError } from '../sdk';
import { customerLabel } from './find-customer';

/** The payment method Stripe charges off-session for this customer: the default one, else the default source (older cards). */
export function defaultPaymentMethodOf(customer: Stripe.Customer): string | null {
  const method = customer.invoice_settings?.default_payment_method;
  if (method) return typeof method === 'string' ? method : method.id;
  const source = customer.default_source;
  if (source) return typeof source === 'string' ? source : source.id;
  return null;
}

export function noPaymentMethod(customer: Stripe.Customer, what: string): ConnectorError {
  return new ConnectorError(
    'item',
    `customer: ${customerLabel(customer)} has no default payment method, so there is nothing to charge ${what}. Add a card in Stripe and make it the default, or send them a payment link instead.`,
    { param: 'customer', code: 'no_default_payment_method' },
  );
}
