import crypto from 'node:crypto';
import type Stripe from 'stripe';
import type { ActionDefinition, ActionResult, JsonObject } from '../../sdk';
import { ConnectorError } from '../../sdk';
import type { StripeCredentials } from '../account';
import { dashboardUrl, stripeClient } from '../client';
import { customerChanges, type CustomerFields } from '../customer-changes';
import { customerKey } from '../customers';
import { customerLabel, findCustomer, isCustomerId, noSuchCustomer } from '../find-customer';
import { callStripe } from '../errors';
import { customerFieldProperties, customerReferenceSchema } from '../schemas';
import { connectionTag } from '../tags';

export interface UpdateCustomerOptions {
  whenNotFound?: 'fail' | 'skip' | 'create';
  clearWhenEmpty?: boolean;
}

export interface UpdateCustomerInput extends CustomerFields {
  customer: string;
}

export const updateCustomer: ActionDefinition<UpdateCustomerOptions, UpdateCustomerInput, StripeCredentials> = {
  name: 'update-customer',
  displayName: 'Update Customer',
  description:
    'Finds a customer by id or email and changes only the mapped fields; metadata keys are merged. An update that would change nothing is not sent.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      whenNotFound: {
        type: 'string',
        title: 'When no customer matches',
        enum: ['fail', 'skip', 'create'],
        'x-enumLabels': ['Fail the item', 'Skip the item', 'Create the customer (needs an email)'],
        default: 'fail',
      },
      clearWhenEmpty: {
        type: 'boolean',
        title: 'Clear a field in Stripe when its mapped value is empty',
        description:
          'Off: an empty value leaves the field as it is. On: empty metadata keys and address fields are removed (Stripe does not allow clearing a customer’s email, name, phone or description).',
        default: false,
      },
    },
  },
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['customer'],
    properties: {
      customer: { ...customerReferenceSchema, title: 'Find the customer by', description: 'A customer id (cus_...) or email.' },
      ...customerFieldProperties,
      email: { ...customerFieldProperties.email, title: 'New email' },
    },
  },
  sampleData: { id: 'cus_Sample123', object: 'customer', email: 'ann@example.com', name: 'Ann Lee', livemode: false },
  // One customer at a time: each update is computed from the customer as read, and a
  // missing customer may be created; two rows for one customer side by side would lose
  // one change or create the customer twice.
  naturalKey: ({ input }) => (input.customer ? customerKey(input.customer) : null),
  async execute({ credentials, options, input, idempotencyKey, context, connectionId, emptyInputs }) {
    const client = stripeClient(credentials.secretKey, context);
    const { customer: reference, ...fields } = input;
    const tag = connectionTag(connectionId);
    const current = await findCustomer(client, reference);
    const link = (id: string) => dashboardUrl(credentials.secretKey, `customers/${id}`);

    if (!current) {
      const policy = options.whenNotFound ?? 'fail';
      if (policy === 'skip')
        return { objectId: null, object: {}, skipped: true, summary: `Skipped: ${noSuchCustomer(reference)}` };
      if (policy === 'fail' || isCustomerId(reference)) {
        const hint =
          policy === 'fail'
            ? ' Check the value, or choose to skip or create customers that are not found.'
            : ' A customer can only be created from an email address.';
        throw new ConnectorError('item', noSuchCustomer(reference) + hint, { param: 'customer' });
      }
      const params: Stripe.CustomerCreateParams = {
        ...fields,
        email: fields.email ?? reference.trim(),
        metadata: { ...fields.metadata, ...tag },
      };
      const created = await callStripe(() =>
        client.customers.create(params, { idempotencyKey: idempotencyKey('create-customer') }),
      );
      return {
        objectId: created.id,
        url: link(created.id),
        object: created as unknown as JsonObject,
        summary: `Created customer ${customerLabel(created)}: no customer matched ${reference.trim()}`,
      };
    }

    const cleared = options.clearWhenEmpty ? (emptyInputs ?? []) : [];
    const { params, changed } = customerChanges(current, fields, cleared);
    if (changed.length === 0) {
      return {
        objectId: current.id,
        url: link(current.id),
        object: current as unknown as JsonObject,
        skipped: true,
        summary: `Not sent: customer ${customerLabel(current)} already has these values`,
      } satisfies ActionResult;
    }
    params.metadata = { ...(params.metadata as Record<string, string> | undefined), ...tag };
    // The step names the change itself: a retry of the same change replays, while a later,
    // different change to the same customer from this item (after a retry) is its own request.
    const digest = crypto.createHash('sha256').update(JSON.stringify(params)).digest('base64url').slice(0, 16);
    const updated = await callStripe(() =>
      client.customers.update(current.id, params, { idempotencyKey: idempotencyKey(`update-customer:${digest}`) }),
    );
    return {
      objectId: updated.id,
      url: link(updated.id),
      object: updated as unknown as JsonObject,
      summary: `Updated customer ${customerLabel(updated)}: ${changed.join(', ')}`,
    };
  },
};
