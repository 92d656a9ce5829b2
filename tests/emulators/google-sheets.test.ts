import { sheets as sheetsClient, type sheets_v4 } from '@googleapis/sheets';
import { drive as driveClient } from '@googleapis/drive';
import { OAuth2Client } from 'google-auth-library';
import { startGoogleEmulator, type GoogleEmulator } from './google';

let emulator: GoogleEmulator;
let sheets: sheets_v4.Sheets;
let auth: OAuth2Client;

beforeAll(async () => {
  emulator = await startGoogleEmulator();
  const client = emulator.createOAuthClient();
  // gaxios would otherwise import node-fetch dynamically, which jest's module system refuses.
  auth = new OAuth2Client({
    ...client,
    endpoints: { oauth2TokenUrl: emulator.tokenUrl },
    transporterOptions: { fetchImplementation: fetch },
  });
  auth.setCredentials({ refresh_token: emulator.issueRefreshToken(client.clientId) });
  // The client's own retries would hide the 429s these tests want to see.
  sheets = sheetsClient({ version: 'v4', auth, rootUrl: emulator.url, retry: false, fetchImplementation: fetch });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const leads = [
  ['Email', 'Name', 'Amount'],
  ['ann@example.com', 'Ann Lee', 12.5],
  ['bob@example.com', 'Bob Ray', 3],
];

async function googleError(promise: Promise<unknown>): Promise<{ status?: number; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as { status?: number; response?: { data?: { error?: unknown } } };
    return { status: failure.status, error: failure.response?.data?.error };
  }
  throw new Error('expected the request to fail');
}

test('spreadsheets.get lists sheet titles and grid sizes, trimmed by fields', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads, 'My Sheet': [] } });
  const { data } = await sheets.spreadsheets.get({
    spreadsheetId: id,
    fields: 'properties.title,sheets.properties(title,gridProperties)',
  });
  expect(data).toEqual({
    properties: { title: 'CRM' },
    sheets: [
      { properties: { title: 'Leads', gridProperties: { rowCount: 1000, columnCount: 26 } } },
      { properties: { title: 'My Sheet', gridProperties: { rowCount: 1000, columnCount: 26 } } },
    ],
  });
});

test('a quoted sheet name with an open range reads rows as formatted strings, trailing empties trimmed', async () => {
  const id = emulator.createSpreadsheet({
    title: 'CRM',
    sheets: { 'My Sheet': [...leads, ['', '', ''], ['cy@example.com', '', null]] },
  });
  const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "'My Sheet'!A2:C" });
  expect(data.range).toBe("'My Sheet'!A2:C1000");
  expect(data.values).toEqual([
    ['ann@example.com', 'Ann Lee', '12.5'],
    ['bob@example.com', 'Bob Ray', '3'],
    [],
    ['cy@example.com'],
  ]);
});

test('UNFORMATTED_VALUE returns numbers as numbers, and a whole-sheet range reads everything', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads } });
  const { data } = await sheets.spreadsheets.values.get({
    spreadsheetId: id,
    range: 'Leads',
    valueRenderOption: 'UNFORMATTED_VALUE',
  });
  expect(data.values).toEqual(leads);
  const columns = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Leads!B:C', majorDimension: 'COLUMNS' });
  expect(columns.data.values).toEqual([
    ['Name', 'Ann Lee', 'Bob Ray'],
    ['Amount', '12.5', '3'],
  ]);
});

test('an empty range answers without values', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads } });
  const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Leads!A10:C20' });
  expect(data).toEqual({ range: 'Leads!A10:C20', majorDimension: 'ROWS' });
});

test('batchGet reads several ranges in one request', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads, Other: [['x']] } });
  const { data } = await sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['Leads!A1:B1', 'Other!A1'] });
  expect(data.valueRanges?.map((r) => r.values)).toEqual([[['Email', 'Name']], [['x']]]);
  expect(emulator.readCount()).toBe(1);
});

test('append adds rows after the table and reports what it updated', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads } });
  const { data } = await sheets.spreadsheets.values.append({
    spreadsheetId: id,
    range: 'Leads!A1',
    valueInputOption: 'USER_ENTERED',
    insertDataOption: 'INSERT_ROWS',
    requestBody: { values: [['cy@example.com', 'Cy', '7.25']] },
  });
  expect(data.updates).toMatchObject({ updatedRange: 'Leads!A4:C4', updatedRows: 1, updatedCells: 3 });
  expect(emulator.rows(id, 'Leads')[3]).toEqual(['cy@example.com', 'Cy', 7.25]);
});

test('update overwrites a range; RAW keeps typed text as text', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads } });
  const { data } = await sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: 'Leads!B2:C2',
    valueInputOption: 'RAW',
    requestBody: { values: [['Ann Smith', '13']] },
  });
  expect(data.updatedCells).toBe(2);
  expect(emulator.rows(id, 'Leads')[1]).toEqual(['ann@example.com', 'Ann Smith', '13']);
});

test('an unknown sheet name is a 400 and an unknown spreadsheet a 404, shaped like Google', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads } });
  expect(await googleError(sheets.spreadsheets.values.get({ spreadsheetId: id, range: "'Nope'!A1:B" }))).toEqual({
    status: 400,
    error: { code: 400, message: "Unable to parse range: 'Nope'!A1:B", status: 'INVALID_ARGUMENT' },
  });
  const missing = await googleError(sheets.spreadsheets.get({ spreadsheetId: 'no-such-id' }));
  expect(missing).toMatchObject({ status: 404, error: { status: 'NOT_FOUND' } });
});

test('the per-minute read quota answers 429 RESOURCE_EXHAUSTED, and forced failures run out', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads } });
  emulator.setReadQuota(2);
  await sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Leads' });
  await sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Leads' });
  const limited = await googleError(sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Leads' }));
  expect(limited).toMatchObject({ status: 429, error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
  expect((limited.error as { message: string }).message).toContain("Quota exceeded for quota metric 'Read requests'");
  emulator.setReadQuota(null);
  emulator.failNextReads(1);
  expect((await googleError(sheets.spreadsheets.get({ spreadsheetId: id }))).status).toBe(429);
  expect((await sheets.spreadsheets.get({ spreadsheetId: id })).status).toBe(200);
});

test('Drive files.list returns the spreadsheets the caller can open', async () => {
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads } });
  emulator.createSpreadsheet({ title: 'Not mine', sheets: {}, owner: 'someone@example.com' });
  const drive = driveClient({ version: 'v3', auth, rootUrl: emulator.url, fetchImplementation: fetch });
  const { data } = await drive.files.list({
    q: "mimeType='application/vnd.google-apps.spreadsheet' and trashed=false",
    fields: 'files(id,name,mimeType)',
  });
  expect(data.files).toEqual([{ id, name: 'CRM', mimeType: 'application/vnd.google-apps.spreadsheet' }]);
});

test('a page of a 100,000-row sheet costs about what the same page of a small sheet costs', async () => {
  // A ratio measured in one run, not a wall-clock limit: the machine may be busy.
  const rows = (count: number) => Array.from({ length: count }, (_, i) => [`row${i}@example.com`, `Name ${i}`, i]);
  const big = emulator.createSpreadsheet({ title: 'Big', sheets: { Big: [['Email', 'Name', 'N'], ...rows(100_000)] } });
  const small = emulator.createSpreadsheet({ title: 'Small', sheets: { Big: [['Email', 'Name', 'N'], ...rows(5_000)] } });
  const median = async (spreadsheetId: string, range: string) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const { data } = await sheets.spreadsheets.values.get({ spreadsheetId, range });
      expect(data.values).toHaveLength(5000);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[2];
  };
  const inSmall = await median(small, 'Big!A2:C5001');
  const inBig = await median(big, 'Big!A95002:C100001');
  const { data } = await sheets.spreadsheets.values.get({ spreadsheetId: big, range: 'Big!A100001:C100001' });
  expect(data.values).toEqual([['row99999@example.com', 'Name 99999', '99999']]);
  expect(inBig).toBeLessThan(inSmall * 4 + 20);
});

test("Drive's version of a spreadsheet moves on with every write, by the API or by a person, and never with a read", async () => {
  const drive = driveClient({ version: 'v3', auth, rootUrl: emulator.url, fetchImplementation: fetch });
  const id = emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: leads } });
  const version = async () => (await drive.files.get({ fileId: id, fields: 'version,modifiedTime' })).data;

  const first = await version();
  expect(first).toEqual({ version: expect.stringMatching(/^\d+$/), modifiedTime: expect.any(String) });
  await sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Leads!A1:C3' });
  await sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['Leads!A:A'] });
  expect((await version()).version).toBe(first.version);

  const seen = new Set([first.version]);
  const expectMoved = async () => {
    const next = (await version()).version;
    expect(seen.has(next)).toBe(false);
    seen.add(next);
  };
  await sheets.spreadsheets.values.append({
    spreadsheetId: id,
    range: 'Leads!A1',
    valueInputOption: 'RAW',
    requestBody: { values: [['cy@example.com', 'Cy', 1]] },
  });
  await expectMoved();
  await sheets.spreadsheets.values.update({
    spreadsheetId: id,
    range: 'Leads!B2',
    valueInputOption: 'RAW',
    requestBody: { values: [['Ann Smith']] },
  });
  await expectMoved();
  for (const edit of [
    () => emulator.editCell(id, 'Leads', 'C3', 4),
    () => emulator.appendRows(id, 'Leads', [['dee@example.com']]),
    () => emulator.insertRows(id, 'Leads', 2, [['eve@example.com']]),
    () => emulator.deleteRows(id, 'Leads', 2),
    () => emulator.setRow(id, 'Leads', 2, ['fay@example.com']),
    () => emulator.setRows(id, 'Leads', leads),
  ]) {
    edit();
    await expectMoved();
  }
});

test('Drive answers "File not found" for a spreadsheet the caller cannot open', async () => {
  const drive = driveClient({ version: 'v3', auth, rootUrl: emulator.url, fetchImplementation: fetch });
  const id = emulator.createSpreadsheet({ title: 'Private', sheets: { Leads: leads }, owner: 'someone@else.example' });
  expect(await googleError(drive.files.get({ fileId: id, fields: 'version' }))).toEqual({
    status: 404,
    error: expect.objectContaining({ code: 404, message: `File not found: ${id}.` }),
  });
});
