import type Stripe from 'stripe';
import type { ConnectorContext, JsonObject, PollingTrigger } from '../../sdk';
import { ConnectorError } from '../../sdk';
import type { StripeCredentials } from '../account';
import { stripeClient } from '../client';
import { callStripe } from '../errors';
import { readable } from '../source/readable';
import { balanceSample } from '../source/samples';

// Trigger `snapshot`: reports that are a state, not a list (the balance, the account, a
// customer's upcoming invoice). Each run reads the report once and yields it as one item
// keyed by the run, so a sheet gains one row per run and a run resumed after a crash does
// not add a second.

interface SnapshotOptions {
  report: 'balance' | 'account' | 'upcoming-invoice';
  customer?: string;
}

const REPORTS: Record<SnapshotOptions['report'], (client: Stripe, options: SnapshotOptions) => Promise<JsonObject | null>> = {
  balance: async (client) => (await client.balance.retrieve()) as unknown as JsonObject,
  account: async (client) => (await client.accounts.retrieve()) as unknown as JsonObject,
  'upcoming-invoice': async (client, options) => {
    if (!options.customer) {
      throw new ConnectorError(
        'config',
        'source.options.customer: the upcoming invoice is a customer’s; enter a customer id (cus_...).',
        {
          param: 'customer',
        },
      );
    }
    try {
      return (await client.invoices.retrieveUpcoming({ customer: options.customer })) as unknown as JsonObject;
    } catch (error) {
      // Nothing pending for the customer: Stripe has no upcoming invoice, so no row.
      if ((error as { code?: string }).code === 'invoice_upcoming_none') return null;
      throw error;
    }
  },
};

async function readReport(credentials: StripeCredentials, options: SnapshotOptions, context: ConnectorContext) {
  const report = REPORTS[options.report];
  if (!report)
    throw new ConnectorError('config', 'source.options.report: choose balance, account or upcoming-invoice.', {
      param: 'report',
    });
  const client = stripeClient(credentials.secretKey, context);
  const object = await callStripe(() => report(client, options));
  if (!object) return null;
  return readable({ report: options.report, read_at: Math.floor(Date.now() / 1000), ...object }, context.timezone);
}

export const snapshot: PollingTrigger<SnapshotOptions, StripeCredentials> = {
  kind: 'polling',
  name: 'snapshot',
  displayName: 'Report snapshot',
  description: 'Once per run: the account’s balance, the account itself, or a customer’s upcoming invoice.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['report'],
    properties: {
      report: {
        type: 'string',
        title: 'Report',
        enum: ['balance', 'account', 'upcoming-invoice'],
        'x-enumLabels': ['Balance', 'Account', 'Upcoming invoice of a customer'],
      },
      customer: {
        type: 'string',
        title: 'Customer',
        description: 'For the upcoming invoice: the customer id (cus_...).',
        pattern: '^cus_[A-Za-z0-9]+$',
        maxLength: 255,
      },
    },
  },
  cursorOptions: [],
  sampleData: [balanceSample],

  // A snapshot has no position to keep: every run reads the report as it is.
  async startCursor() {
    return { snapshot: true };
  },

  async *read({ credentials, options, cursor, context, runId }) {
    const data = await readReport(credentials, options, context);
    const key = `run:${runId ?? new Date().toISOString()}`;
    yield { items: data ? [{ key, data }] : [], cursor };
  },

  async recent({ credentials, options, context }) {
    const data = await readReport(credentials, options, context);
    return data ? [{ key: 'now', data }] : [];
  },
};
