import type { JsonSchema } from '../sdk';

// Input schemas are the field-mapping targets a person sees, so titles are in plain
// words. Lengths follow Stripe's documented limits so a too-long value fails before the
// request instead of as a Stripe 400.

export const metadataSchema: JsonSchema = {
  type: 'object',
  title: 'Metadata',
  description: 'Extra key-value pairs kept on the Stripe object (map them as metadata.your_key).',
  additionalProperties: { type: 'string', maxLength: 500 },
  propertyNames: { maxLength: 40 },
};

export const addressSchema: JsonSchema = {
  type: 'object',
  title: 'Address',
  additionalProperties: false,
  properties: {
    line1: { type: 'string', title: 'Address line 1', maxLength: 5000 },
    line2: { type: 'string', title: 'Address line 2', maxLength: 5000 },
    city: { type: 'string', title: 'City', maxLength: 5000 },
    state: { type: 'string', title: 'State or region', maxLength: 5000 },
    postal_code: { type: 'string', title: 'Postal code', maxLength: 5000 },
    country: { type: 'string', title: 'Country', description: 'Two-letter code, e.g. DE.', minLength: 2, maxLength: 2 },
  },
};

export const customerReferenceSchema: JsonSchema = {
  type: 'string',
  title: 'Customer',
  description: 'A Stripe customer id (cus_...) or the customer’s email address.',
  minLength: 1,
  maxLength: 512,
};

export const createMissingCustomerOption: JsonSchema = {
  type: 'boolean',
  title: 'Create the customer if no customer has that email',
  default: false,
};

export const currencySchema: JsonSchema = {
  type: 'string',
  format: 'currency',
  title: 'Currency',
  description: 'Three-letter ISO code, e.g. eur.',
};

/** A positive amount a person enters in the currency's main unit (12.50 for €12.50); sent in minor units. */
export function amountSchema(title: string, description: string): JsonSchema {
  return { type: 'number', title, description, 'x-money': true, exclusiveMinimum: 0 };
}

export const webAddressSchema: JsonSchema = {
  type: 'string',
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2048,
};

/** What a line sells: an amount in a currency, or a Stripe price, and a quantity. */
export interface AmountOrPriceInput {
  /** Minor units: the mapping converts the major-unit amount a person enters. */
  amount?: number;
  currency?: string;
  price?: string;
  quantity?: number;
}

export function amountOrPriceProperties(): Record<string, JsonSchema> {
  return {
    amount: amountSchema(
      'Amount',
      'In the currency’s main unit, e.g. 12.50 for €12.50. Use either an amount and currency, or a price.',
    ),
    currency: currencySchema,
    price: {
      type: 'string',
      title: 'Price id',
      description: 'A Stripe price (price_...), instead of an amount.',
      maxLength: 5000,
    },
    quantity: { type: 'integer', title: 'Quantity', minimum: 1, default: 1 },
  };
}

/** A customer's own fields, as Create Customer sets them and Update Customer changes them. */
export const customerFieldProperties: Record<string, JsonSchema> = {
  email: { type: 'string', format: 'email', title: 'Email', maxLength: 512 },
  name: { type: 'string', title: 'Name', maxLength: 256 },
  phone: { type: 'string', title: 'Phone', maxLength: 20 },
  description: { type: 'string', title: 'Description', maxLength: 350 },
  address: addressSchema,
  metadata: metadataSchema,
};

/** An action a person configures entirely by its mapping. */
export const noOptionsSchema: JsonSchema = { type: 'object', additionalProperties: false, properties: {} };
