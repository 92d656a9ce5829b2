import { connectors as shipped } from '../../../connectors';
import { createRegistry } from '../../../connectors/registry';
import type { ConnectorDefinition, JsonObject } from '../../../connectors/sdk';

/**
 * A destination that keeps the rows it is given, in order, the way a sheet would show
 * them: what the Stripe source delivered is what a person would find in their sheet.
 */
export function rowRecorder() {
  const rows: JsonObject[] = [];
  const definition: ConnectorDefinition = {
    name: 'row-recorder',
    displayName: 'Row recorder',
    description: 'Keeps every row it is sent (tests).',
    account: null,
    triggers: {},
    actions: {
      'add-row': {
        name: 'add-row',
        displayName: 'Add row',
        description: 'Adds one row.',
        optionsSchema: { type: 'object', properties: {} },
        inputSchema: {
          type: 'object',
          properties: {
            Id: { type: 'string' },
            Amount: { type: 'string' },
            Currency: { type: 'string' },
            Email: { type: 'string' },
            Created: { type: 'string' },
            Type: { type: 'string' },
          },
        },
        sampleData: { row: 2 },
        async execute({ input }) {
          rows.push(input);
          return { objectId: `row-${rows.length + 1}`, object: { row: rows.length + 1 } };
        },
      },
    },
  };
  return { rows, registry: createRegistry([...shipped.list(), definition]) };
}
