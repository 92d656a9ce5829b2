import type Stripe from 'stripe';
import { ConnectorError } from '../sdk';
import { callStripe } from './errors';

/**
 * Exact lookup by email. `customers.list({ email })` reads the primary store; Stripe's
 * search is eventually consistent and would miss a customer created a second ago.
 */
export async function findCustomerByEmail(client: Stripe, email: string): Promise<Stripe.Customer | null> {
  const page = await callStripe(() => client.customers.list({ email, limit: 1 }));
  return page.data[0] ?? null;
}

/**
 * The natural key of a customer named by id or email (see ActionDefinition.naturalKey).
 * Emails are compared without case so that "Ann@x" and "ann@x" never race: serializing
 * two items that did not need it only costs a little speed.
 */
export function customerKey(reference: string): string {
  const trimmed = reference.trim();
  return `customer:${trimmed.startsWith('cus_') ? trimmed : trimmed.toLowerCase()}`;
}

/** The natural key of an item that may create the customer it names by email, else null. */
export function createdCustomerKey(reference: string | undefined, createIfMissing: boolean | undefined): string | null {
  if (!reference || !createIfMissing || !reference.includes('@')) return null;
  return customerKey(reference);
}

/**
 * Resolves the "customer" input, which a person may fill with an id or an email.
 * A missing customer is created only when the connection says so; otherwise the item
 * fails with a message that says how to fix it.
 */
export async function resolveCustomerId(args: {
  client: Stripe;
  reference: string;
  createIfMissing: boolean;
  idempotencyKey: (step: string) => string;
}): Promise<string> {
  const reference = args.reference.trim();
  if (reference.startsWith('cus_')) return reference;
  if (!reference.includes('@')) {
    throw new ConnectorError('item', `customer: "${reference}" is neither a customer id (cus_...) nor an email address.`, {
      param: 'customer',
    });
  }
  const existing = await findCustomerByEmail(args.client, reference);
  if (existing) return existing.id;
  if (!args.createIfMissing) {
    throw new ConnectorError(
      'item',
      `customer: no Stripe customer has the email ${reference}. Create the customer first, or turn on "Create the customer if no customer has that email".`,
      { param: 'customer' },
    );
  }
  const created = await callStripe(() =>
    args.client.customers.create({ email: reference }, { idempotencyKey: args.idempotencyKey('create-customer') }),
  );
  return created.id;
}
