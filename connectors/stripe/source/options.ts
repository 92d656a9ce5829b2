import { ConnectorError, type JsonObject, type JsonSchema } from '../../sdk';
import { STRIPE_RESOURCES, stripeResource, type StripeResource } from './resources';

export interface StripeSourceOptions {
  object: string;
  startFrom?: 'now' | 'beginning';
  customer?: string;
  status?: string;
}

export const startFromOption: JsonSchema = {
  type: 'string',
  enum: ['now', 'beginning'],
  default: 'now',
  title: 'Start from',
  description: '“now”: only objects made after the connection is turned on. “beginning”: everything Stripe has, then new ones.',
};

export function objectOption(resources: StripeResource[]): JsonSchema {
  return {
    type: 'string',
    title: 'Object',
    enum: resources.map((resource) => resource.name),
    'x-enumLabels': resources.map((resource) => resource.label),
  };
}

export const filterOptions: Record<string, JsonSchema> = {
  customer: {
    type: 'string',
    title: 'Only of customer',
    description:
      'A customer id (cus_...). Charges, invoices, invoice items, payment intents and subscriptions can be filtered by customer.',
    pattern: '^cus_[A-Za-z0-9]+$',
    maxLength: 255,
  },
  status: {
    type: 'string',
    title: 'Only with status',
    description:
      'Invoices (draft, open, paid, uncollectible, void), subscriptions (active, canceled, ...) and payouts (pending, paid, ...).',
    maxLength: 40,
  },
};

/** The resource an `object` option names, or a config error listing the choices. */
export function resourceOf(options: { object?: unknown }): StripeResource {
  const resource = typeof options.object === 'string' ? stripeResource(options.object) : undefined;
  if (!resource) {
    throw new ConnectorError(
      'config',
      `source.options.object: choose what to read from Stripe, one of ${STRIPE_RESOURCES.map((r) => r.name).join(', ')}.`,
      { param: 'object' },
    );
  }
  return resource;
}

/**
 * The list parameters of the filters a person set. A filter Stripe does not apply to that
 * list is refused rather than ignored, so nobody believes a sheet holds one customer's
 * charges when it holds everyone's.
 */
export function filterParams(resource: StripeResource, options: StripeSourceOptions): JsonObject {
  const params: JsonObject = {};
  if (options.customer) {
    if (!resource.filters.customer) {
      throw new ConnectorError(
        'config',
        `source.options.customer: Stripe cannot filter ${resource.label.toLowerCase()} by customer; clear the filter.`,
        {
          param: 'customer',
        },
      );
    }
    params.customer = options.customer;
  }
  if (options.status) {
    const statuses = resource.filters.status;
    if (!statuses) {
      throw new ConnectorError(
        'config',
        `source.options.status: Stripe cannot filter ${resource.label.toLowerCase()} by status; clear the filter.`,
        {
          param: 'status',
        },
      );
    }
    if (!statuses.includes(options.status)) {
      throw new ConnectorError(
        'config',
        `source.options.status: ${resource.label} have the statuses ${statuses.join(', ')}; "${options.status}" is not one.`,
        {
          param: 'status',
        },
      );
    }
    params.status = options.status;
  }
  return params;
}
