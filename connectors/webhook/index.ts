import type { ConnectorDefinition, PushTrigger } from '../sdk';

/**
 * Payloads posted to a connection's unique URL. The engine stores every delivery in its
 * inbox before answering, so this definition is data only: options and sample data.
 */
export const newPayload: PushTrigger = {
  kind: 'push',
  name: 'new-payload',
  displayName: 'New payload',
  description: 'Runs for every JSON, form or query-string payload sent to the connection’s webhook URL.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      protection: {
        type: 'string',
        enum: ['none', 'shared-secret', 'hmac-sha256', 'hmac-sha256-timestamped'],
        'x-enumLabels': [
          'None',
          'Shared secret header',
          'HMAC-SHA256 signature',
          'Timestamped HMAC-SHA256 signature (t=...,v1=..., as Stripe signs)',
        ],
        default: 'none',
        title: 'Protection',
        description:
          'A shared secret header, or an HMAC-SHA256 signature of the body (hex, or sha256=hex). The timestamped ' +
          'signature ("t=<unix time>,v1=<HMAC of t.body>") is the safest: a captured delivery cannot be replayed after ' +
          '5 minutes. With a signature, a query string must be signed too ("?query", a newline, then the body); a ' +
          'delivery whose signature was seen before is acknowledged as a duplicate and not stored again.',
      },
      secret: {
        type: 'string',
        title: 'Secret',
        description:
          'The shared secret, or the key the sender signs the body with. Stored encrypted and never shown again; leave empty to keep the current one.',
        writeOnly: true,
        minLength: 16,
        maxLength: 200,
      },
      secretHeader: { type: 'string', default: 'X-Webhook-Secret', title: 'Header name', maxLength: 100 },
      signatureHeader: { type: 'string', default: 'X-Signature-256', title: 'Signature header', maxLength: 100 },
      instant: {
        type: 'boolean',
        default: false,
        title: 'Process instantly',
        description: 'Start a run as soon as a payload arrives instead of waiting for the schedule.',
      },
      // Defaults match DEFAULT_BURST_LIMIT in engine/webhooks/burst-limiter.ts.
      deliveriesPerSecond: {
        type: 'integer',
        minimum: 1,
        maximum: 10000,
        default: 200,
        title: 'Deliveries per second',
        description:
          'Most payloads this URL accepts per second, across all servers; beyond it the sender gets 429 with Retry-After.',
      },
      deliveryBurst: {
        type: 'integer',
        minimum: 1,
        maximum: 100000,
        default: 1000,
        title: 'Burst',
        description: 'Payloads accepted at once after a quiet spell, before the per-second limit applies.',
      },
    },
  },
  sampleData: [{ email: 'ann@example.com', first_name: 'Ann', last_name: 'Lee', plan: 'pro', amount: '49.00' }],
};

export const webhook: ConnectorDefinition = {
  name: 'webhook',
  displayName: 'Webhook',
  description: 'Receive data posted by any app to a unique URL.',
  account: null,
  triggers: { 'new-payload': newPayload },
  actions: {},
};
