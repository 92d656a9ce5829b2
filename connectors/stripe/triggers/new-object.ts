import type { JsonObject, PollingTrigger, SourceItem } from '../../sdk';
import { ConnectorError } from '../../sdk';
import type { StripeCredentials } from '../account';
import { stripeClient } from '../client';
import { cursorAtNewest, isListCursor, listPage, readNewObjects } from '../source/list-reader';
import {
  filterOptions,
  filterParams,
  objectOption,
  resourceOf,
  startFromOption,
  type StripeSourceOptions,
} from '../source/options';
import { readable } from '../source/readable';
import { STRIPE_RESOURCES } from '../source/resources';
import { chargeSample } from '../source/samples';

// Trigger `new-object`: every object of one kind made in Stripe since the last run, each
// once, keyed by its Stripe id. How the cursor copes with objects sharing a `created`
// second is explained in source/list-reader.ts.

export const newObject: PollingTrigger<StripeSourceOptions, StripeCredentials> = {
  kind: 'polling',
  name: 'new-object',
  displayName: 'New object',
  description: 'Runs for every new customer, charge, invoice, refund, payout... made in Stripe since the last run.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['object'],
    properties: {
      object: objectOption(STRIPE_RESOURCES),
      startFrom: startFromOption,
      ...filterOptions,
    },
  },
  // The resource and its filters say which objects are read; a new `startFrom` alone keeps the cursor.
  cursorOptions: ['object', 'customer', 'status'],
  sampleData: [chargeSample],

  async startCursor({ credentials, options, from, context }) {
    const resource = resourceOf(options);
    const params = filterParams(resource, options);
    if (from === 'beginning') return { created: 0, ids: [] };
    return cursorAtNewest({ client: stripeClient(credentials.secretKey, context), resource, params });
  },

  read({ credentials, options, cursor, context }) {
    const resource = resourceOf(options);
    const params = filterParams(resource, options);
    if (!isListCursor(cursor))
      throw new ConnectorError(
        'config',
        'The stored position in the Stripe list is unreadable; turn the connection off and on again.',
      );
    const toItem = (object: JsonObject): SourceItem => ({ key: String(object.id), data: readable(object, context.timezone) });
    return readNewObjects({ client: stripeClient(credentials.secretKey, context), resource, params, cursor, toItem });
  },

  async recent({ credentials, options, limit, context }) {
    const resource = resourceOf(options);
    const page = await listPage(stripeClient(credentials.secretKey, context), resource, {
      ...filterParams(resource, options),
      limit,
    });
    return page.data.map((object) => ({ key: object.id, data: readable(object, context.timezone) }));
  },
};
