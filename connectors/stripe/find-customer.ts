import Stripe from 'stripe';
import { ConnectorError } from '../sdk';
import { findCustomerByEmail } from './customers';
import { toConnectorError } from './errors';

/** Whether a "customer" input is an id (cus_...) rather than an email address. */
export function isCustomerId(reference: string): boolean {
  return reference.trim().startsWith('cus_');
}

/**
 * The customer a reference names: by id (a deleted or unknown id is no customer) or by
 * email. Anything else fails the item, since it can never match.
 */
export async function findCustomer(client: Stripe, reference: string): Promise<Stripe.Customer | null> {
  const trimmed = reference.trim();
  if (isCustomerId(trimmed)) {
    try {
      const found = await client.customers.retrieve(trimmed);
      return found.deleted ? null : found;
    } catch (caught) {
      if (caught instanceof Stripe.errors.StripeInvalidRequestError && caught.code === 'resource_missing') return null;
      throw toConnectorError(caught);
    }
  }
  if (!trimmed.includes('@')) {
    throw new ConnectorError('item', `customer: "${trimmed}" is neither a customer id (cus_...) nor an email address.`, {
      param: 'customer',
    });
  }
  return findCustomerByEmail(client, trimmed);
}

/** Why no customer matched, in words that say what to check. */
export function noSuchCustomer(reference: string): string {
  const trimmed = reference.trim();
  return isCustomerId(trimmed)
    ? `customer: there is no customer ${trimmed} in this Stripe account (it may have been deleted, or belong to the other mode: test or live).`
    : `customer: no Stripe customer has the email ${trimmed}.`;
}

/** The customer, or an item error naming the reference that matched nothing. */
export async function requireCustomer(client: Stripe, reference: string): Promise<Stripe.Customer> {
  const customer = await findCustomer(client, reference);
  if (!customer) throw new ConnectorError('item', noSuchCustomer(reference), { param: 'customer' });
  return customer;
}

/** How a customer is named in summaries and messages: their email, else their id. */
export function customerLabel(customer: Stripe.Customer): string {
  return customer.email ? `${customer.id} (${customer.email})` : customer.id;
}
