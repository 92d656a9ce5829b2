import type Stripe from 'stripe';
import type { ActionDefinition, JsonObject } from '../../sdk';
import type { StripeCredentials } from '../account';
import { dashboardUrl, stripeClient } from '../client';
import { customerKey, findCustomerByEmail } from '../customers';
import { callStripe } from '../errors';
import { customerFieldProperties } from '../schemas';

export interface CreateCustomerOptions {
  onExistingEmail?: 'create' | 'reuse' | 'update';
}

export interface CustomerInput {
  email?: string;
  name?: string;
  phone?: string;
  description?: string;
  address?: Stripe.AddressParam;
  metadata?: Record<string, string>;
}

export const createCustomer: ActionDefinition<CreateCustomerOptions, CustomerInput, StripeCredentials> = {
  name: 'create-customer',
  displayName: 'Create Customer',
  description: 'Creates a customer in Stripe, or reuses or updates the one that already has the email.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      onExistingEmail: {
        type: 'string',
        title: 'When a customer with this email already exists',
        enum: ['reuse', 'update', 'create'],
        'x-enumLabels': ['Reuse it', 'Update it with the new data', 'Create another customer'],
        default: 'reuse',
      },
    },
  },
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: customerFieldProperties,
  },
  sampleData: { id: 'cus_Sample123', object: 'customer', email: 'ann@example.com', name: 'Ann Lee', livemode: false },
  // Two rows with one email must not both find no customer and both create one.
  naturalKey: ({ options, input }) =>
    input.email && (options.onExistingEmail ?? 'reuse') !== 'create' ? customerKey(input.email) : null,
  async execute({ credentials, options, input, idempotencyKey, context }) {
    const client = stripeClient(credentials.secretKey, context);
    const policy = options.onExistingEmail ?? 'reuse';
    const params = input as Stripe.CustomerCreateParams;
    if (input.email && policy !== 'create') {
      const existing = await findCustomerByEmail(client, input.email);
      if (existing && policy === 'reuse') {
        return {
          objectId: existing.id,
          url: dashboardUrl(credentials.secretKey, `customers/${existing.id}`),
          object: existing as unknown as JsonObject,
          summary: `Reused customer ${existing.id} (${input.email})`,
        };
      }
      if (existing) {
        const updated = await callStripe(() =>
          client.customers.update(existing.id, params, { idempotencyKey: idempotencyKey('update-customer') }),
        );
        return {
          objectId: updated.id,
          url: dashboardUrl(credentials.secretKey, `customers/${updated.id}`),
          object: updated as unknown as JsonObject,
          summary: `Updated customer ${updated.id} (${input.email})`,
        };
      }
    }
    const created = await callStripe(() =>
      client.customers.create(params, { idempotencyKey: idempotencyKey('create-customer') }),
    );
    const who = input.email ?? input.name ?? '';
    return {
      objectId: created.id,
      url: dashboardUrl(credentials.secretKey, `customers/${created.id}`),
      object: created as unknown as JsonObject,
      summary: `Created customer ${created.id}${who ? ` (${who})` : ''}`,
    };
  },
};
