// What add-row and update-row share: the options that say which sheet and how values are
// typed, the dynamic input schema read from the sheet's header row, and the sheet's
// location for a run.
import type { ConnectorContext, DynamicInputSchema, JsonObject, JsonSchema } from '../../sdk';
import type { GoogleSheetsCredentials } from '../credentials';
import { sheetChoices, spreadsheetChoices } from '../dynamic-options';
import { googleClients } from '../google-client';
import { columnsOf, inputSchemaOf, type RowOptions } from './columns';
import { readHeader, type DestinationSheet } from './sheet-requests';

export interface DestinationOptions {
  spreadsheetId: string;
  sheet: string;
  headerRow?: number;
  valueInput?: 'USER_ENTERED' | 'RAW';
  allowFormulas?: boolean;
}

export const destinationOptionProperties: Record<string, JsonObject> = {
  spreadsheetId: { type: 'string', minLength: 1, title: 'Spreadsheet' },
  sheet: { type: 'string', minLength: 1, title: 'Sheet' },
  headerRow: {
    type: 'integer',
    minimum: 1,
    default: 1,
    title: 'Header row',
    description: 'The row holding the column names: each named column becomes a field to fill in.',
  },
  valueInput: {
    type: 'string',
    enum: ['USER_ENTERED', 'RAW'],
    default: 'USER_ENTERED',
    title: 'Values',
    description:
      '"USER_ENTERED": as if typed by a person, so 12.50 becomes a number and 2024-01-31 a date. ' +
      '"RAW": stored exactly as text, as sent.',
  },
  allowFormulas: {
    type: 'boolean',
    default: false,
    title: 'Allow formulas',
    description: 'Off: a value starting with "=" is written as text, so data from outside cannot run a formula in your sheet.',
  },
};

export const destinationDynamicOptions = {
  spreadsheetId: { dependsOn: [], load: spreadsheetChoices },
  sheet: { dependsOn: ['spreadsheetId'], load: sheetChoices },
};

export function destinationSheet(
  credentials: GoogleSheetsCredentials,
  options: DestinationOptions,
  context: ConnectorContext,
): DestinationSheet {
  return {
    clients: googleClients(credentials, context),
    spreadsheetId: options.spreadsheetId,
    sheet: options.sheet,
    headerRow: options.headerRow ?? 1,
  };
}

export function rowOptions(options: DestinationOptions): RowOptions {
  return { valueInput: options.valueInput ?? 'USER_ENTERED', allowFormulas: options.allowFormulas ?? false };
}

/** Free-form names: what holds for any sheet, while its header row cannot be read. */
export const anyColumnsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 50_000 },
  properties: {},
};

/** The header row as inputs: read when the wizard shows the mapping step and at each run. */
export const headerInputs: DynamicInputSchema<DestinationOptions, GoogleSheetsCredentials> = {
  dependsOn: ['spreadsheetId', 'sheet'],
  async load({ credentials, options, context }) {
    const where = destinationSheet(credentials, options, context);
    return inputSchemaOf(columnsOf(await readHeader(where)), { sheet: where.sheet, headerRow: where.headerRow });
  },
};
