import { sheets as sheetsClient, type sheets_v4 } from '@googleapis/sheets';
import { OAuth2Client } from 'google-auth-library';
import { startGoogleEmulator, type GoogleEmulator } from './google';

// The write side of the Google emulator, driven by the real @googleapis/sheets client.
let emulator: GoogleEmulator;
let sheets: sheets_v4.Sheets;

beforeAll(async () => {
  emulator = await startGoogleEmulator();
  const client = emulator.createOAuthClient();
  const auth = new OAuth2Client({
    ...client,
    endpoints: { oauth2TokenUrl: emulator.tokenUrl },
    transporterOptions: { fetchImplementation: fetch },
  });
  auth.setCredentials({ refresh_token: emulator.issueRefreshToken(client.clientId) });
  sheets = sheetsClient({ version: 'v4', auth, rootUrl: emulator.url, retry: false, fetchImplementation: fetch });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  emulator.setWriteQuota(null);
  emulator.setWriteHook(null);
});

const header = ['Email', 'Name', 'Amount'];

async function read(id: string, range: string, option: 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE') {
  const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: id, range, valueRenderOption: option });
  return data.values ?? [];
}

async function failure(promise: Promise<unknown>): Promise<{ status?: number; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    const failed = error as { status?: number; response?: { data?: { error?: unknown } } };
    return { status: failed.status, error: failed.response?.data?.error };
  }
  throw new Error('expected the request to fail');
}

test('USER_ENTERED reads text as a person typing it would: numbers, amounts, percentages, dates, TRUE, and an apostrophe keeps text', async () => {
  const id = emulator.createSpreadsheet({ title: 'Types', sheets: { Data: [] } });
  const typed = ['12.50', '1,234.50', '$12.50', '¥1000', '50%', '2024-01-31', "'0012", '0012', 'true', 'Ann Lee', '-3'];
  await sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: 'Data!A1',
    valueInputOption: 'USER_ENTERED',
    requestBody: { values: [typed] },
  });
  expect(await read(id, 'Data!A1:K1', 'FORMATTED_VALUE')).toEqual([
    ['12.5', '1,234.50', '$12.50', '¥1,000', '50%', '2024-01-31', '0012', '12', 'TRUE', 'Ann Lee', '-3'],
  ]);
  expect(await read(id, 'Data!A1:K1', 'UNFORMATTED_VALUE')).toEqual([
    [12.5, 1234.5, 12.5, 1000, 0.5, 45322, '0012', 12, true, 'Ann Lee', -3],
  ]);
});

test('RAW stores text exactly as sent, and JSON numbers stay numbers', async () => {
  const id = emulator.createSpreadsheet({ title: 'Types', sheets: { Data: [] } });
  await sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: 'Data!A1',
    valueInputOption: 'RAW',
    requestBody: { values: [['12.50', '0012', '=1+1', 7]] },
  });
  expect(await read(id, 'Data!A1:D1', 'UNFORMATTED_VALUE')).toEqual([['12.50', '0012', '=1+1', 7]]);
});

test('append on a header row adds under it, and reports the table it found', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: [header] } });
  const { data } = await sheets.spreadsheets.values.append({
    spreadsheetId: id,
    range: 'Leads!A1:C1',
    valueInputOption: 'USER_ENTERED',
    insertDataOption: 'INSERT_ROWS',
    requestBody: { values: [['ann@example.com', 'Ann', '12.50']] },
  });
  expect(data).toEqual({
    spreadsheetId: id,
    tableRange: 'Leads!A1:C1',
    updates: { spreadsheetId: id, updatedRange: 'Leads!A2:C2', updatedRows: 1, updatedColumns: 3, updatedCells: 3 },
  });
  expect(emulator.rows(id, 'Leads')).toEqual([header, ['ann@example.com', 'Ann', 12.5]]);
});

test('append goes after the table, not after a blank row: INSERT_ROWS pushes a later block down, OVERWRITE writes over it', async () => {
  const notes = ['Notes', 'keep me'];
  const sheet = [header, ['ann@example.com', 'Ann', 1], [], notes];
  const inserted = emulator.createSpreadsheet({ title: 'A', sheets: { Leads: sheet } });
  await sheets.spreadsheets.values.append({
    spreadsheetId: inserted,
    range: 'Leads!A1:C1',
    valueInputOption: 'RAW',
    insertDataOption: 'INSERT_ROWS',
    requestBody: { values: [['bob@example.com', 'Bob', 2]] },
  });
  expect(emulator.rows(inserted, 'Leads')).toEqual([
    header,
    ['ann@example.com', 'Ann', 1],
    ['bob@example.com', 'Bob', 2],
    [],
    notes,
  ]);

  const overwritten = emulator.createSpreadsheet({ title: 'B', sheets: { Leads: sheet } });
  await sheets.spreadsheets.values.append({
    spreadsheetId: overwritten,
    range: 'Leads!A1:C1',
    valueInputOption: 'RAW',
    insertDataOption: 'OVERWRITE',
    requestBody: {
      values: [
        ['bob@example.com', 'Bob', 2],
        ['cy@example.com', 'Cy', 3],
      ],
    },
  });
  expect(emulator.rows(overwritten, 'Leads')).toEqual([
    header,
    ['ann@example.com', 'Ann', 1],
    ['bob@example.com', 'Bob', 2],
    ['cy@example.com', 'Cy', 3],
  ]);
});

test('append on an empty sheet writes at the range and names no table', async () => {
  const id = emulator.createSpreadsheet({ title: 'Empty', sheets: { Leads: [] } });
  const { data } = await sheets.spreadsheets.values.append({
    spreadsheetId: id,
    range: 'Leads!A1',
    valueInputOption: 'RAW',
    requestBody: { values: [header] },
  });
  expect(data.tableRange).toBeUndefined();
  expect(data.updates?.updatedRange).toBe('Leads!A1:C1');
});

test('values.batchUpdate writes several ranges in one request; a null leaves its cell alone', async () => {
  const id = emulator.createSpreadsheet({
    title: 'CRM',
    sheets: {
      Leads: [header, ['ann@example.com', 'Ann', 1], ['bob@example.com', 'Bob', 2]],
    },
  });
  const { data } = await sheets.spreadsheets.values.batchUpdate({
    spreadsheetId: id,
    requestBody: {
      valueInputOption: 'USER_ENTERED',
      data: [
        { range: 'Leads!A2:C2', values: [[null, 'Ann Lee', null]] },
        { range: 'Leads!C3', values: [['7.5']] },
      ],
    },
  });
  expect(data).toMatchObject({
    totalUpdatedCells: 2,
    totalUpdatedSheets: 1,
    responses: [{ updatedCells: 1 }, { updatedCells: 1 }],
  });
  expect(emulator.rows(id, 'Leads')).toEqual([header, ['ann@example.com', 'Ann Lee', 1], ['bob@example.com', 'Bob', 7.5]]);
  expect(emulator.writeCount()).toBe(1);
});

test('values that do not fit a bounded range are refused with 400 and nothing is written', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: [header] } });
  const refused = await failure(
    sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: 'Leads!A2:B2',
      valueInputOption: 'RAW',
      requestBody: { values: [['a', 'b', 'c']] },
    }),
  );
  expect(refused).toMatchObject({ status: 400, error: { status: 'INVALID_ARGUMENT' } });
  expect(emulator.rows(id, 'Leads')).toEqual([header]);
});

test('the per-minute write quota answers 429 RESOURCE_EXHAUSTED and changes nothing; forced failures run out', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: [header] } });
  const append = () =>
    sheets.spreadsheets.values.append({
      spreadsheetId: id,
      range: 'Leads!A1:C1',
      valueInputOption: 'RAW',
      requestBody: { values: [['x@example.com', 'X', 1]] },
    });
  emulator.failNextWrites(1);
  const refused = await failure(append());
  expect(refused).toMatchObject({ status: 429, error: { status: 'RESOURCE_EXHAUSTED' } });
  expect(String((refused.error as { message: string }).message)).toContain("'Write requests per minute per user'");
  expect(emulator.rows(id, 'Leads')).toEqual([header]);
  emulator.setWriteQuota(1);
  await append();
  expect((await failure(append())).status).toBe(429);
  expect(emulator.rows(id, 'Leads')).toHaveLength(2);
  // Reads have their own quota.
  expect(await read(id, 'Leads!A1:A1', 'FORMATTED_VALUE')).toEqual([['Email']]);
});

test('spreadsheets.batchUpdate hides a column; a request it does not know fails the whole batch', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: [header] } });
  const hide = {
    updateDimensionProperties: {
      range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 3, endIndex: 4 },
      properties: { hiddenByUser: true },
      fields: 'hiddenByUser',
    },
  };
  const unknown = await failure(
    sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [hide, { deleteSheet: { sheetId: 0 } }] } }),
  );
  expect(unknown.status).toBe(400);
  expect(emulator.hiddenColumns(id, 'Leads')).toEqual([]);
  const { data } = await sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [hide] } });
  expect(data).toEqual({ spreadsheetId: id, replies: [{}] });
  expect(emulator.hiddenColumns(id, 'Leads')).toEqual([3]);
});

test('the write hook runs after the sheet changed and before the answer leaves', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: [header] } });
  const seen: number[] = [];
  emulator.setWriteHook(() => {
    seen.push(emulator.rows(id, 'Leads').length);
  });
  await sheets.spreadsheets.values.append({
    spreadsheetId: id,
    range: 'Leads!A1:C1',
    valueInputOption: 'RAW',
    requestBody: { values: [['x@example.com', 'X', 1]] },
  });
  expect(seen).toEqual([2]);
});

test('spreadsheets.batchUpdate adds a column past the grid, names it and hides it in one go, or changes nothing', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: [header] } });
  const { data: before } = await sheets.spreadsheets.get({ spreadsheetId: id, fields: 'sheets.properties.gridProperties' });
  const columns = before.sheets![0]!.properties!.gridProperties!.columnCount!;
  const name = (column: number) => ({
    updateCells: {
      start: { sheetId: 0, rowIndex: 0, columnIndex: column },
      rows: [{ values: [{ userEnteredValue: { stringValue: 'Key' } }] }],
      fields: 'userEnteredValue',
    },
  });
  const hide = (column: number) => ({
    updateDimensionProperties: {
      range: { sheetId: 0, dimension: 'COLUMNS', startIndex: column, endIndex: column + 1 },
      properties: { hiddenByUser: true },
      fields: 'hiddenByUser',
    },
  });
  // Without room for it, the cell is past the grid: the whole batch is refused.
  const refused = await failure(
    sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [hide(1), name(columns)] } }),
  );
  expect(refused.status).toBe(400);
  expect(emulator.hiddenColumns(id, 'Leads')).toEqual([]);

  const grow = { appendDimension: { sheetId: 0, dimension: 'COLUMNS', length: 1 } };
  await sheets.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [grow, name(columns), hide(columns)] } });
  expect(emulator.rows(id, 'Leads')[0]![columns]).toBe('Key');
  expect(emulator.hiddenColumns(id, 'Leads')).toEqual([columns]);
  const { data: after } = await sheets.spreadsheets.get({ spreadsheetId: id, fields: 'sheets.properties.gridProperties' });
  expect(after.sheets![0]!.properties!.gridProperties!.columnCount).toBe(columns + 1);
});
