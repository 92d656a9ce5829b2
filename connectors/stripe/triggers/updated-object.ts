import type { JsonObject, PollingTrigger, SourceItem } from '../../sdk';
import { ConnectorError } from '../../sdk';
import type { StripeCredentials } from '../account';
import { stripeClient } from '../client';
import { cursorAtNewest, isListCursor, listPage, readNewObjects } from '../source/list-reader';
import { objectOption, resourceOf, startFromOption, type StripeSourceOptions } from '../source/options';
import { readable } from '../source/readable';
import { EVENTS, STRIPE_RESOURCES, type StripeResource } from '../source/resources';
import { invoiceUpdateSample } from '../source/samples';

// Trigger `updated-object`: every change Stripe announces for one kind of object (an
// invoice paid, a customer's new email), read from Stripe's events list and keyed by the
// event's id, so each change is delivered once even when one object changes many times.
// Stripe keeps events for 30 days; "beginning" therefore reaches back 30 days.

const UPDATABLE = STRIPE_RESOURCES.filter((resource) => resource.eventPrefix);

function eventParams(resource: StripeResource): JsonObject {
  if (!resource.eventPrefix) {
    throw new ConnectorError(
      'config',
      `source.options.object: Stripe announces no changes of ${resource.label.toLowerCase()}; choose another object.`,
      {
        param: 'object',
      },
    );
  }
  return { type: `${resource.eventPrefix}.updated` };
}

/** The object as it is after the change, with what the event says about the change first. */
function changeItem(event: JsonObject, timezone: string | undefined): SourceItem {
  const data = (event.data ?? {}) as { object?: JsonObject; previous_attributes?: JsonObject };
  const previous = data.previous_attributes ?? {};
  return {
    key: String(event.id),
    data: readable(
      {
        event_id: event.id,
        event_type: event.type,
        event_created_at: event.created,
        changed: Object.keys(previous),
        previous_attributes: previous,
        ...(data.object ?? {}),
      },
      timezone,
    ),
  };
}

export const updatedObject: PollingTrigger<StripeSourceOptions, StripeCredentials> = {
  kind: 'polling',
  name: 'updated-object',
  displayName: 'Updated object',
  description:
    'Runs for every change of a customer, invoice, subscription... in Stripe (e.g. an invoice paid, an email changed).',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['object'],
    properties: { object: objectOption(UPDATABLE), startFrom: startFromOption },
  },
  cursorOptions: ['object'],
  sampleData: [invoiceUpdateSample],

  async startCursor({ credentials, options, from, context }) {
    const params = eventParams(resourceOf(options));
    if (from === 'beginning') return { created: 0, ids: [] };
    return cursorAtNewest({ client: stripeClient(credentials.secretKey, context), resource: EVENTS, params });
  },

  read({ credentials, options, cursor, context }) {
    const params = eventParams(resourceOf(options));
    if (!isListCursor(cursor))
      throw new ConnectorError(
        'config',
        'The stored position in Stripe’s events is unreadable; turn the connection off and on again.',
      );
    return readNewObjects({
      client: stripeClient(credentials.secretKey, context),
      resource: EVENTS,
      params,
      cursor,
      toItem: (event) => changeItem(event, context.timezone),
    });
  },

  async recent({ credentials, options, limit, context }) {
    const params = eventParams(resourceOf(options));
    const page = await listPage(stripeClient(credentials.secretKey, context), EVENTS, { ...params, limit });
    return page.data.map((event) => changeItem(event, context.timezone));
  },
};
