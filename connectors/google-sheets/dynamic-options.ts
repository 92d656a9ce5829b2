// Choices the wizard offers: spreadsheets the account can open, their sheets, and the
// column names of a sheet's header row (for the key column).
import type { Choice, ConnectorContext, JsonObject } from '../sdk';
import type { GoogleSheetsCredentials } from './credentials';
import { toConnectorError } from './errors';
import { googleClients } from './google-client';
import { headerNames } from './rows/identity';
import { suggestKeyColumn } from './rows/key-suggestion';
import { readRows } from './requests';

interface LoadArgs {
  credentials: GoogleSheetsCredentials;
  options: JsonObject;
  context: ConnectorContext;
}

export const SPREADSHEETS_QUERY = "mimeType='application/vnd.google-apps.spreadsheet' and trashed=false";
const MAX_PAGES = 10;

export async function spreadsheetChoices({ credentials, context }: LoadArgs): Promise<Choice[]> {
  const clients = googleClients(credentials, context);
  const choices: Choice[] = [];
  let pageToken: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const { data } = await clients.drive.files.list({
        q: SPREADSHEETS_QUERY,
        fields: 'nextPageToken,files(id,name)',
        orderBy: 'modifiedTime desc',
        pageSize: 100,
        pageToken,
        supportsAllDrives: true,
        includeItemsFromAllDrives: true,
      });
      for (const file of data.files ?? []) if (file.id) choices.push({ value: file.id, label: file.name ?? file.id });
      pageToken = data.nextPageToken ?? undefined;
      if (!pageToken) break;
    }
  } catch (error) {
    throw toConnectorError(error, { serviceAccountEmail: clients.serviceAccountEmail });
  }
  return choices;
}

export async function sheetChoices({ credentials, options, context }: LoadArgs): Promise<Choice[]> {
  const clients = googleClients(credentials, context);
  const spreadsheetId = String(options.spreadsheetId ?? '');
  try {
    const { data } = await clients.sheets.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties.title' });
    return (data.sheets ?? [])
      .map((sheet) => sheet.properties?.title ?? '')
      .filter(Boolean)
      .map((title) => ({ value: title, label: title }));
  } catch (error) {
    throw toConnectorError(error, { spreadsheetId, serviceAccountEmail: clients.serviceAccountEmail });
  }
}

/** Rows read under the header to see which column could be the key. */
const SAMPLE_ROWS = 500;

export async function headerChoices({ credentials, options, context }: LoadArgs): Promise<Choice[]> {
  const headerRow = typeof options.headerRow === 'number' ? options.headerRow : 1;
  const where = {
    clients: googleClients(credentials, context),
    spreadsheetId: String(options.spreadsheetId ?? ''),
    sheet: String(options.sheet ?? ''),
  };
  // One read: the header row and the rows under it, as far as the sample goes.
  const rows = await readRows(where, headerRow, headerRow + SAMPLE_ROWS);
  const headers = headerNames(rows[0] ?? []);
  const suggested = suggestKeyColumn(headers, rows.slice(1), rows.length - 1 < SAMPLE_ROWS);
  return headers.map((name) =>
    name === suggested?.column ? { value: name, label: name, suggestion: suggested.reason } : { value: name, label: name },
  );
}

/** The header cells without a key suggestion: a column to write into is no key, and must not be one. */
export async function columnChoices(args: LoadArgs): Promise<Choice[]> {
  return (await headerChoices(args)).map(({ value, label }) => ({ value, label }));
}
