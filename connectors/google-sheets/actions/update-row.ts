// Action `update-row`: finds the row whose key column holds the item's mapped key and
// writes the mapped cells into it (cells not mapped, or empty for the item, stay as they
// are). When no row has the key: skip the item (listed as skipped) or add the row.
import { ConnectorError, type ActionDefinition, type JsonObject } from '../../sdk';
import type { GoogleSheetsCredentials } from '../credentials';
import { headerChoices } from '../dynamic-options';
import {
  anyColumnsSchema,
  destinationDynamicOptions,
  destinationOptionProperties,
  destinationSheet,
  headerInputs,
  rowOptions,
  type DestinationOptions,
} from '../writing/destination';
import { RowUpdater } from '../writing/row-updater';
import { BATCH_ROWS } from './add-row';

export interface UpdateRowOptions extends DestinationOptions {
  keyColumn: string;
  whenNotFound?: 'skip' | 'add';
}

function updater(
  credentials: GoogleSheetsCredentials,
  options: UpdateRowOptions,
  context: Parameters<typeof destinationSheet>[2],
  schema: JsonObject,
) {
  return new RowUpdater(destinationSheet(credentials, options, context), schema, {
    ...rowOptions(options),
    keyColumn: options.keyColumn,
    textColumn: options.keyColumn,
    whenNotFound: options.whenNotFound ?? 'skip',
  });
}

export const updateRow: ActionDefinition<UpdateRowOptions, JsonObject, GoogleSheetsCredentials> = {
  name: 'update-row',
  displayName: 'Update row',
  description: 'Finds the row whose key column matches and updates the columns you map; can add the row when none matches.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['spreadsheetId', 'sheet', 'keyColumn'],
    properties: {
      ...destinationOptionProperties,
      keyColumn: {
        type: 'string',
        minLength: 1,
        title: 'Key column',
        description:
          'The column that tells rows apart (an email, an id). Map a value to it: the row holding that value is updated.',
      },
      whenNotFound: {
        type: 'string',
        enum: ['skip', 'add'],
        default: 'skip',
        title: 'When no row matches',
        description: '"skip": change nothing (the run log lists the item as skipped). "add": add the row.',
      },
    },
  },
  dynamicOptions: {
    ...destinationDynamicOptions,
    keyColumn: { dependsOn: ['spreadsheetId', 'sheet'], load: headerChoices },
  },
  inputSchema: anyColumnsSchema,
  dynamicInputSchema: headerInputs,
  sampleData: { spreadsheetId: '1AbC...', sheet: 'Sheet1', row: 12, values: { Email: 'ann@example.com', Plan: 'pro' } },

  batch: {
    maxItems: BATCH_ROWS,
    async open({ credentials, options, context, inputSchema }) {
      const rows = updater(credentials, options, context, inputSchema);
      return { write: (items) => rows.update(items) };
    },
  },

  async execute({ credentials, options, input, idempotencyKey, context, emptyInputs }) {
    const schema = await headerInputs.load({ credentials, options, context });
    const [outcome] = await updater(credentials, options, context, schema).update([
      { key: 'single', input, idempotencyKey, emptyInputs: emptyInputs ?? [], uncertain: false },
    ]);
    if (outcome instanceof ConnectorError) throw outcome;
    return outcome!;
  },
};
