import { ConnectorError } from '../../../connectors/sdk';
import { newRow } from '../../../connectors/google-sheets/triggers/new-row';
import { ann, bob, cy, dee, emails, header, useNewRowReader } from './new-row-reader';

const reader = useNewRowReader();
const { sheetWith, read, start } = reader;

test('rows already there are not sent when the connection starts "from now on"; rows added later are', async () => {
  const options = sheetWith([ann, bob]);
  const cursor = await start(options);
  expect((await read(options, cursor)).items).toEqual([]);
  reader.emulator.appendRows(options.spreadsheetId, 'Leads', [cy]);
  const { items } = await read(options, cursor);
  expect(items).toHaveLength(1);
  expect(items[0].data).toEqual({ Email: 'cy@example.com', Name: 'Cy Fox', Plan: 'pro', _row: 4 });
});

test('starting "from the beginning" sends the rows already in the sheet', async () => {
  const options = sheetWith([ann, bob]);
  const { items } = await read(options, await start(options, 'beginning'));
  expect(emails(items)).toEqual(['ann@example.com', 'bob@example.com']);
});

test('two reads over the same sheet send nothing twice', async () => {
  const options = sheetWith([ann]);
  const first = await read(options, await start(options));
  reader.emulator.appendRows(options.spreadsheetId, 'Leads', [bob]);
  const second = await read(options, first.cursor);
  const third = await read(options, second.cursor);
  expect(emails(second.items)).toEqual(['bob@example.com']);
  expect(third.items).toEqual([]);
});

test('a row inserted above old rows is the only new row', async () => {
  const options = sheetWith([ann, bob]);
  const cursor = await start(options);
  reader.emulator.insertRows(options.spreadsheetId, 'Leads', 2, [cy]);
  const { items } = await read(options, cursor);
  expect(emails(items)).toEqual(['cy@example.com']);
  expect(items[0].data._row).toBe(2);
});

test('when a row is deleted above and another added, only the added row is sent', async () => {
  const options = sheetWith([ann, bob, cy]);
  const cursor = await start(options);
  reader.emulator.deleteRows(options.spreadsheetId, 'Leads', 2);
  reader.emulator.appendRows(options.spreadsheetId, 'Leads', [dee]);
  expect(emails((await read(options, cursor)).items)).toEqual(['dee@example.com']);
});

test('without a key column, a row edited in place is not sent: it is listed as an edit of its row, once', async () => {
  const options = sheetWith([ann, bob, cy]);
  const cursor = await start(options);
  reader.emulator.editCell(options.spreadsheetId, 'Leads', 'C3', 'enterprise');
  reader.emulator.editCell(options.spreadsheetId, 'Leads', 'B4', 'Cy Foxx');
  const first = await read(options, cursor);
  expect(first.items.map((item) => item.notSent)).toEqual([
    { code: 'looks_like_edit', reason: 'looks like an edit of row 3 (changed: Plan)', sendable: true },
    { code: 'looks_like_edit', reason: 'looks like an edit of row 4 (changed: Name)', sendable: true },
  ]);
  expect(emails(first.items)).toEqual(['bob@example.com', 'cy@example.com']);
  expect((await read(options, first.cursor)).items).toEqual([]);
});

test('without a key column, a row with more than half of its cells changed is new', async () => {
  const options = sheetWith([ann, bob]);
  const cursor = await start(options);
  reader.emulator.setRow(options.spreadsheetId, 'Leads', 3, ['bo@example.com', 'Bo Ray', 'basic']);
  reader.emulator.setRow(options.spreadsheetId, 'Leads', 2, ['al@example.com', 'Al Lee', 'pro']);
  const { items } = await read(options, cursor);
  expect(items.map((item) => [item.data.Email, item.notSent?.reason ?? 'new'])).toEqual([
    ['al@example.com', 'new'],
    ['bo@example.com', 'new'],
  ]);
});

test('without a key column, the last row replaced by a different person counts as new', async () => {
  const options = sheetWith([ann, bob]);
  const cursor = await start(options);
  reader.emulator.setRow(options.spreadsheetId, 'Leads', 3, dee);
  expect(emails((await read(options, cursor)).items)).toEqual(['dee@example.com']);
});

test('with a key column, edits never resend and the key becomes the item key', async () => {
  const options = { ...sheetWith([ann, bob]), keyColumn: 'Email' };
  const cursor = await start(options);
  reader.emulator.setRow(options.spreadsheetId, 'Leads', 2, ['ann@example.com', 'Ann Smith', 'team']);
  reader.emulator.insertRows(options.spreadsheetId, 'Leads', 2, [cy]);
  const { items } = await read(options, cursor);
  expect(items.map((item) => item.key)).toEqual(['cy@example.com']);
});

test('blank rows between data are skipped and rows below them are found', async () => {
  const options = sheetWith([ann]);
  const cursor = await start(options);
  reader.emulator.setRow(options.spreadsheetId, 'Leads', 6, bob);
  const { items } = await read(options, cursor);
  expect(emails(items)).toEqual(['bob@example.com']);
  expect(items[0].data._row).toBe(6);
});

test('an identical copy of an existing row is a new row with its own key', async () => {
  const options = sheetWith([ann]);
  const first = await read(options, await start(options, 'beginning'));
  reader.emulator.appendRows(options.spreadsheetId, 'Leads', [ann]);
  const second = await read(options, first.cursor);
  expect(second.items).toHaveLength(1);
  expect(second.items[0].key).toBe(`${first.items[0].key}#2`);
});

test('a renamed header column stops the run with an error naming the column', async () => {
  const options = sheetWith([ann]);
  const cursor = await start(options);
  reader.emulator.editCell(options.spreadsheetId, 'Leads', 'B1', 'Full name');
  await expect(read(options, cursor)).rejects.toMatchObject({
    kind: 'config',
    message: expect.stringContaining('Column "Name" is no longer in the header row'),
  });
});

test('a key column that is not in the header row is a configuration error', async () => {
  const options = { ...sheetWith([ann]), keyColumn: 'Customer id' };
  await expect(start(options)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('"Customer id"') });
});

test('a sheet that is not shared with the service account says whom to share it with', async () => {
  const spreadsheetId = reader.emulator.createSpreadsheet({ title: 'Private', sheets: { Leads: [header] } });
  const failure = await start({ spreadsheetId, sheet: 'Leads' }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ConnectorError);
  expect(failure).toMatchObject({
    kind: 'config',
    message: expect.stringContaining(`Share the spreadsheet with ${reader.email}`),
  });
});

test('a quota 429 is backed off and the read resumes', async () => {
  const options = sheetWith([ann]);
  const cursor = await start(options);
  reader.emulator.appendRows(options.spreadsheetId, 'Leads', [bob]);
  reader.emulator.failNextReads(1);
  expect(emails((await read(options, cursor)).items)).toEqual(['bob@example.com']);
});

test('a quota storm is handed to the engine as retryable, and the next attempt sends the row', async () => {
  const options = sheetWith([ann]);
  const cursor = await start(options);
  reader.emulator.appendRows(options.spreadsheetId, 'Leads', [bob]);
  reader.emulator.failNextReads(3);
  await expect(read(options, cursor)).rejects.toMatchObject({ kind: 'retryable', retryAfterMs: 60_000 });
  expect(emails((await read(options, cursor)).items)).toEqual(['bob@example.com']);
});

test('test data is the last rows, newest first; an empty sheet gives none', async () => {
  const options = sheetWith([ann, bob, cy]);
  const recent = await newRow.recent({ credentials: reader.credentials, options, limit: 2, context: reader.context });
  expect(emails(recent)).toEqual(['cy@example.com', 'bob@example.com']);
  expect(
    await newRow.recent({ credentials: reader.credentials, options: sheetWith([]), limit: 3, context: reader.context }),
  ).toEqual([]);
});

test('test data skips a long run of blank rows above the grid end in few reads', async () => {
  // Rows 2-3, then 2,500 blank rows, then rows 2504-2505: the grid holds 2,505 rows or more.
  const blank = Array.from({ length: 2500 }, () => [] as string[]);
  const options = sheetWith([ann, bob, ...blank, cy, dee]);
  const before = reader.emulator.readCount();
  expect(emails(await newRow.recent({ credentials: reader.credentials, options, limit: 2, context: reader.context }))).toEqual([
    'dee@example.com',
    'cy@example.com',
  ]);
  // The grid's size, then the header with the bottom block.
  expect(reader.emulator.readCount() - before).toBe(2);
  const deep = await newRow.recent({ credentials: reader.credentials, options, limit: 3, context: reader.context });
  expect(emails(deep)).toEqual(['dee@example.com', 'cy@example.com', 'bob@example.com']);
  // Blocks of 1,000 then 2,000 rows: one read more, not one per 100 rows.
  expect(reader.emulator.readCount() - before).toBe(2 + 3);
});

describe('with a key column', () => {
  const keyed = (rows: string[][]) => ({ ...sheetWith(rows), keyColumn: 'Email' });

  test('changing the key of a row makes it a new row', async () => {
    const options = keyed([ann, bob]);
    const cursor = await start(options);
    reader.emulator.editCell(options.spreadsheetId, 'Leads', 'A3', 'robert@example.com');
    const { items } = await read(options, cursor);
    expect(items.map((item) => [item.key, item.notSent])).toEqual([['robert@example.com', undefined]]);
  });

  test('a second row with a key already in the sheet is not sent, and is listed once naming the first', async () => {
    const options = keyed([ann, bob]);
    const cursor = await start(options);
    reader.emulator.appendRows(options.spreadsheetId, 'Leads', [['bob@example.com', 'Bob Again', 'team'], cy, cy]);
    const first = await read(options, cursor);
    expect(first.items.map((item) => [item.key, item.notSent?.reason])).toEqual([
      ['bob@example.com#2', 'row 3 has the same key, and a key is sent once'],
      ['cy@example.com', undefined],
      ['cy@example.com#2', 'row 5 has the same key, and a key is sent once'],
    ]);
    expect(first.items.every((item) => item.notSent?.sendable !== true)).toBe(true);
    expect((await read(options, first.cursor)).items).toEqual([]);
  });

  test('a row deleted and put back later is not new', async () => {
    const options = keyed([ann, bob, cy]);
    const first = await read(options, await start(options));
    reader.emulator.deleteRows(options.spreadsheetId, 'Leads', 3);
    const second = await read(options, first.cursor);
    reader.emulator.appendRows(options.spreadsheetId, 'Leads', [bob, dee]);
    const third = await read(options, second.cursor);
    expect(second.items).toEqual([]);
    expect(third.items.map((item) => item.key)).toEqual(['dee@example.com']);
  });

  test('rows added before the key column was chosen are still sent, and later reads go by the key', async () => {
    const options = sheetWith([ann]);
    const cursor = await start(options);
    reader.emulator.appendRows(options.spreadsheetId, 'Leads', [bob]);
    const switched = await read({ ...options, keyColumn: 'Email' }, cursor);
    reader.emulator.setRow(options.spreadsheetId, 'Leads', 3, ['bob@example.com', 'Bob Ray', 'team']);
    reader.emulator.appendRows(options.spreadsheetId, 'Leads', [cy]);
    const next = await read({ ...options, keyColumn: 'Email' }, switched.cursor);
    expect(emails(switched.items)).toEqual(['bob@example.com']);
    expect(next.items.map((item) => [item.key, item.notSent])).toEqual([['cy@example.com', undefined]]);
  });
});
