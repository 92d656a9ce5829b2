import Stripe from 'stripe';
import type { PushTrigger } from '../../sdk';
import type { StripeCredentials } from '../account';
import { stripeClient } from '../client';
import { callStripe } from '../errors';
import { readable } from '../source/readable';
import { invoicePaidEventSample } from '../source/samples';

// Trigger `event`: Stripe pushes events to the connection's URL the moment they happen.
// A delivery is stored only when its Stripe-Signature proves it was signed with the
// endpoint's secret (whsec_..., sealed like every webhook secret) less than 5 minutes
// ago, so neither a forgery nor a recorded old delivery gets in. Stripe may send an
// event more than once; the event id is the delivery key, so a repeat stores nothing.

export interface StripeEventOptions {
  eventTypes?: string[];
  instant?: boolean;
}

/** Stripe's own advice, and its client's default: signatures older than 5 minutes are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `invoice.paid` matches itself, `invoice.*` every invoice event, `*` every event. */
export function wantsEventType(patterns: string[] | undefined, type: string): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some(
    (pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))),
  );
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export const stripeEvent: PushTrigger<StripeEventOptions, StripeCredentials> = {
  kind: 'push',
  name: 'event',
  displayName: 'Stripe event (instant)',
  description: 'Runs the moment Stripe sends an event such as invoice.paid, customer.updated or payment_method.attached.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      eventTypes: {
        type: 'array',
        title: 'Event types',
        description: 'Which events to take, e.g. invoice.paid, customer.updated; invoice.* for every invoice event; * for all.',
        items: { type: 'string', pattern: '^(\\*|[a-z_]+(\\.[a-z_]+)*(\\.\\*)?)$', maxLength: 100 },
        maxItems: 100,
        default: ['*'],
      },
      secret: {
        type: 'string',
        title: 'Signing secret',
        description:
          'The webhook endpoint’s signing secret (whsec_...) from Stripe Dashboard > Developers > Webhooks. Stored encrypted and never shown again; leave empty to keep the current one.',
        writeOnly: true,
        pattern: '^whsec_[A-Za-z0-9+/=_-]+$',
        maxLength: 200,
      },
      instant: {
        type: 'boolean',
        default: true,
        title: 'Process instantly',
        description: 'Start a run as soon as an event arrives instead of waiting for the schedule.',
      },
    },
  },
  sampleData: [invoicePaidEventSample],

  receive({ rawBody, headers, secret, options, timezone, receivedAt }) {
    if (!secret) {
      return {
        outcome: 'reject',
        message:
          'This connection has no Stripe signing secret yet. Paste the endpoint’s whsec_... secret in the source step, or let Tributary create the endpoint.',
      };
    }
    const signature = headerOf(headers, 'stripe-signature');
    if (!signature)
      return {
        outcome: 'reject',
        message: 'The Stripe-Signature header is missing: only Stripe’s signed deliveries are accepted here.',
      };
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, receivedAt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { outcome: 'reject', message: `The Stripe signature does not match (or is older than 5 minutes): ${reason}` };
    }
    if (!wantsEventType(options.eventTypes, event.type)) {
      return { outcome: 'ignore', reason: `This connection does not take ${event.type} events.` };
    }
    return { outcome: 'store', deliveryKey: event.id, payload: readable(event as unknown as Record<string, unknown>, timezone) };
  },

  async register({ credentials, options, url, context }) {
    const types = options.eventTypes && options.eventTypes.length > 0 ? options.eventTypes : ['*'];
    // Stripe takes exact names or "*"; a family such as invoice.* is asked for as "*" and
    // narrowed here by the event-type filter.
    const enabled = types.some((type) => type.endsWith('*')) ? ['*'] : types;
    const client = stripeClient(credentials.secretKey, context);
    const endpoint = await callStripe(() =>
      client.webhookEndpoints.create({
        url,
        enabled_events: enabled as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
        description: 'Tributary connection',
      }),
    );
    return {
      secret: endpoint.secret!,
      details: { endpointId: endpoint.id, url: endpoint.url, enabledEvents: endpoint.enabled_events },
    };
  },
};
