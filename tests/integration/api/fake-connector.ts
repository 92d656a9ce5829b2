import { createRegistry } from '../../../connectors/registry';
import { ConnectorDefinition, ConnectorError } from '../../../connectors/sdk';
import { webhook } from '../../../connectors/webhook';

/** A key the fake service accepts; anything else is refused with a message that quotes it back. */
export const GOOD_KEY = 'crm_live_GOODSECRET0001';

export const fakeCrm: ConnectorDefinition<{ apiKey: string }> = {
  name: 'fake-crm',
  displayName: 'Fake CRM',
  description: 'A stand-in service for API tests.',
  account: {
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['apiKey'],
      properties: { apiKey: { type: 'string', minLength: 8, writeOnly: true, title: 'API key' } },
    },
    hint: (credentials) => `crm_...${credentials.apiKey.slice(-4)}`,
    async verify({ credentials }) {
      // Deliberately careless, like some real services: the message echoes the key.
      if (credentials.apiKey !== GOOD_KEY)
        throw new ConnectorError('auth', `Key ${credentials.apiKey} was refused; create a new key in Settings.`);
      return { details: { mode: 'live', company: 'Acme CRM' } };
    },
  },
  triggers: {},
  actions: {
    'add-contact': {
      name: 'add-contact',
      displayName: 'Add contact',
      description: 'Adds a contact to a list.',
      optionsSchema: { type: 'object', properties: { list: { type: 'string' }, tag: { type: 'string' } } },
      inputSchema: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
      sampleData: { id: 'c_1' },
      dynamicOptions: {
        tag: {
          dependsOn: ['list'],
          async load({ options }) {
            return [{ value: `${String(options.list)}-vip`, label: 'VIP' }];
          },
        },
      },
      async execute() {
        return { objectId: 'c_1', object: {} };
      },
    },
  },
};

export const testConnectors = createRegistry([webhook, fakeCrm]);
