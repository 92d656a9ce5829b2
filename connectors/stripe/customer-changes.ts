import type Stripe from 'stripe';
import { TAG_KEY } from './tags';

/**
 * What an update would change on a customer, computed against the customer as Stripe has it
 * now: only mapped fields, only those that differ. An empty result means the update is not
 * sent, which is what stops a Stripe -> sheet -> Stripe pair of connections from echoing
 * each change back and forth.
 */

const PLAIN_FIELDS = ['email', 'name', 'phone', 'description'] as const;
const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const;

export interface CustomerFields {
  email?: string;
  name?: string;
  phone?: string;
  description?: string;
  address?: Partial<Record<(typeof ADDRESS_FIELDS)[number], string>>;
  metadata?: Record<string, string>;
}

export interface CustomerChanges {
  params: Stripe.CustomerUpdateParams;
  /** Dotted names of what changes, for the run log: `name`, `address.city`, `metadata.plan`. */
  changed: string[];
}

/**
 * @param cleared mapped inputs that came out empty and should be cleared. Stripe can clear
 *   metadata keys and a whole address; it refuses to unset a customer's email, name, phone
 *   or description, so those are left alone.
 */
export function customerChanges(current: Stripe.Customer, input: CustomerFields, cleared: string[]): CustomerChanges {
  const params: Stripe.CustomerUpdateParams = {};
  const changed: string[] = [];
  for (const field of PLAIN_FIELDS) {
    const wanted = input[field];
    if (wanted !== undefined && wanted !== (current[field] ?? null)) {
      params[field] = wanted;
      changed.push(field);
    }
  }

  const address: Record<string, string | null> = { ...emptyAddress(), ...(current.address ?? {}) };
  const addressChanges: string[] = [];
  for (const field of ADDRESS_FIELDS) {
    const wanted = input.address?.[field];
    if (wanted !== undefined && wanted !== address[field]) {
      address[field] = wanted;
      addressChanges.push(`address.${field}`);
    } else if (wanted === undefined && cleared.includes(`address.${field}`) && address[field] !== null) {
      address[field] = null;
      addressChanges.push(`address.${field}`);
    }
  }
  if (addressChanges.length > 0) {
    const kept = Object.entries(address).filter((entry): entry is [string, string] => entry[1] !== null);
    // The whole address is sent (Stripe sets it as given); nothing left means no address.
    params.address = kept.length > 0 ? Object.fromEntries(kept) : '';
    changed.push(...addressChanges);
  }

  const metadata: Record<string, string> = {};
  const currentMetadata = current.metadata ?? {};
  for (const [key, value] of Object.entries(input.metadata ?? {})) {
    if (key !== TAG_KEY && currentMetadata[key] !== value) metadata[key] = value;
  }
  for (const name of cleared) {
    const key = name.startsWith('metadata.') ? name.slice('metadata.'.length) : null;
    if (key && key !== TAG_KEY && currentMetadata[key] !== undefined) metadata[key] = '';
  }
  if (Object.keys(metadata).length > 0) {
    params.metadata = metadata;
    changed.push(...Object.keys(metadata).map((key) => `metadata.${key}`));
  }
  return { params, changed };
}

function emptyAddress(): Record<string, string | null> {
  return Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, null]));
}
