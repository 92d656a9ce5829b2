// Action `add-row`: each item becomes a row under the sheet's table, its cells filled by
// the mapping, whose targets are the sheet's header cells. A run's rows go in batches, one
// values.append for up to BATCH_ROWS rows, and each row is marked in a hidden column so
// a crash never adds it twice (see writing/row-writer.ts).
import { ConnectorError, type ActionDefinition, type JsonObject } from '../../sdk';
import type { GoogleSheetsCredentials } from '../credentials';
import {
  anyColumnsSchema,
  destinationDynamicOptions,
  destinationOptionProperties,
  destinationSheet,
  headerInputs,
  rowOptions,
  type DestinationOptions,
} from '../writing/destination';
import { RowWriter } from '../writing/row-writer';

/** Rows per values.append: well under Google's advised 2 MB body for typical rows, and 20 appends for 10,000 rows. */
export const BATCH_ROWS = 500;

export const addRow: ActionDefinition<DestinationOptions, JsonObject, GoogleSheetsCredentials> = {
  name: 'add-row',
  displayName: 'Add row',
  description: 'Adds a row at the bottom of a sheet for every item, filling the columns you map.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spreadsheetId', 'sheet'],
    properties: destinationOptionProperties,
  },
  dynamicOptions: destinationDynamicOptions,
  inputSchema: anyColumnsSchema,
  dynamicInputSchema: headerInputs,
  sampleData: { spreadsheetId: '1AbC...', sheet: 'Sheet1', row: 12, values: { Email: 'ann@example.com', Amount: '12.50' } },

  batch: {
    maxItems: BATCH_ROWS,
    async open({ credentials, options, context, inputSchema }) {
      const writer = new RowWriter(destinationSheet(credentials, options, context), inputSchema, rowOptions(options));
      return { write: (items) => writer.add(items) };
    },
  },

  async execute({ credentials, options, input, idempotencyKey, context, emptyInputs }) {
    const where = destinationSheet(credentials, options, context);
    const schema = await headerInputs.load({ credentials, options, context });
    const [outcome] = await new RowWriter(where, schema, rowOptions(options)).add([
      { key: 'single', input, idempotencyKey, emptyInputs: emptyInputs ?? [], uncertain: false },
    ]);
    if (outcome instanceof ConnectorError) throw outcome;
    return outcome!;
  },
};
