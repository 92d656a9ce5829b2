// Connections whose cursor an earlier version stored keep their place after an upgrade:
// the next read sends exactly the rows added since, re-sends none, and its cursor is the
// current kind. Old cursors are built here from their documented layout, byte by byte.
import { createHash } from 'node:crypto';
import type { SourceItem } from '../../../connectors/sdk';
import { ann, bob, cy, dee, header, useNewRowReader } from './new-row-reader';

const reader = useNewRowReader();
const { sheetWith, read } = reader;

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const sent = (items: SourceItem[]) => items.filter((item) => !item.notSent).map((item) => item.data.Email);

/** A row's content fingerprint: its "name NUL value SOH" pairs in header-name order. */
const fingerprint = (row: string[]) =>
  header
    .map((name, i) => [name, row[i]] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}\u0000${value}\u0001`)
    .join('');

describe('a cursor saved by version 1', () => {
  // Version 1 kept, per row, bytes 6 to 12 of sha256(key or fingerprint) and a 4-byte sketch.
  const v1Cursor = (rows: string[][], keyOf: (row: string[]) => string) => {
    const seen = Buffer.concat(rows.map((row) => Buffer.concat([sha256(keyOf(row)).subarray(6, 12), Buffer.alloc(4)])));
    return { v: 1, headers: header, keyColumn: null as string | null, seen: seen.toString('base64') };
  };

  test('with a key column, only the rows added since are sent', async () => {
    const options = { ...sheetWith([ann, bob]), keyColumn: 'Email' };
    const cursor = { ...v1Cursor([ann, bob], (row) => row[0]), keyColumn: 'Email' };
    reader.emulator.insertRows(options.spreadsheetId, 'Leads', 2, [cy]);
    const { items } = await read(options, cursor);
    expect(items.map((item) => [item.key, item.notSent])).toEqual([['cy@example.com', undefined]]);
  });

  test('without one, added rows are sent and a row changed in place is listed as a possible edit', async () => {
    const options = sheetWith([ann, bob]);
    const cursor = v1Cursor([ann, bob], fingerprint);
    reader.emulator.editCell(options.spreadsheetId, 'Leads', 'C2', 'team');
    reader.emulator.appendRows(options.spreadsheetId, 'Leads', [cy]);
    const { items } = await read(options, cursor);
    expect(items.map((item) => [item.data.Email, item.notSent?.reason])).toEqual([
      ['ann@example.com', 'looks like an edit of the row that was in its place'],
      ['cy@example.com', undefined],
    ]);
  });
});

describe('a cursor saved by version 2 (8-byte cell hashes)', () => {
  // Version 2 kept, per row: bytes 6 to 14 of sha256(key or fingerprint), the row number
  // (4 bytes), and without a key column, per compared cell, bytes 0 to 8 of
  // sha256("name NUL value") with the last four never 0 (all eight 0: an empty cell).
  const cellHash = (name: string, value: string) => {
    if (value === '') return Buffer.alloc(8);
    const bytes = Buffer.from(sha256(`${name}\u0000${value}`).subarray(0, 8));
    if (bytes.readUInt32BE(4) === 0) bytes.writeUInt32BE(1, 4);
    return bytes;
  };
  const v2Cursor = (rows: string[][], keyColumn: string | null) => {
    const records = rows.map((row, i) => {
      const number = Buffer.alloc(4);
      number.writeUInt32BE(i + 2);
      const identity = sha256(keyColumn === null ? fingerprint(row) : row[0]).subarray(6, 14);
      const cells = keyColumn === null ? header.map((name, c) => cellHash(name, row[c])) : [];
      return Buffer.concat([identity, number, ...cells]);
    });
    const rowsText = Buffer.concat(records).toString('base64');
    return { v: 2, headers: header, keyColumn, cells: keyColumn === null ? 3 : 0, rows: rowsText, gone: '', version: null };
  };

  test('without a key column, exactly the rows added since are sent; edits and replaced rows are told apart', async () => {
    const options = sheetWith([ann, bob, cy]);
    const cursor = v2Cursor([ann, bob, cy], null);
    // Bob's plan changes where he stands (an edit); Cy's row is typed over with another person (new).
    reader.emulator.editCell(options.spreadsheetId, 'Leads', 'C3', 'team');
    reader.emulator.setRow(options.spreadsheetId, 'Leads', 4, ['eve@example.com', 'Eve Ode', 'team']);
    reader.emulator.appendRows(options.spreadsheetId, 'Leads', [dee]);
    const first = await read(options, cursor);
    expect(first.items.map((item) => [item.data.Email, item.notSent?.reason])).toEqual([
      ['bob@example.com', 'looks like an edit of row 3 (changed: Plan)'],
      ['eve@example.com', undefined],
      ['dee@example.com', undefined],
    ]);
    // The next cursor is the current kind, and carries on from where the old one was.
    expect(first.cursor).toMatchObject({ v: 3, cells: 3 });
    expect(String((first.cursor as { rows: string }).rows).length).toBeLessThan(cursor.rows.length);
    expect((await read(options, first.cursor)).items).toEqual([]);
    reader.emulator.appendRows(options.spreadsheetId, 'Leads', [['fay@example.com', 'Fay Li', 'pro']]);
    expect(sent((await read(options, first.cursor)).items)).toEqual(['fay@example.com']);
  });

  test('an unchanged sheet sends nothing, and a row put back after deletion is not new', async () => {
    const options = sheetWith([ann, bob]);
    const cursor = v2Cursor([ann, bob], null);
    expect((await read(options, cursor)).items).toEqual([]);
    reader.emulator.deleteRows(options.spreadsheetId, 'Leads', 3);
    const deleted = await read(options, cursor);
    expect(deleted.items).toEqual([]);
    reader.emulator.appendRows(options.spreadsheetId, 'Leads', [bob, cy]);
    expect(sent((await read(options, deleted.cursor)).items)).toEqual(['cy@example.com']);
  });

  test('with a key column, only keys not seen before are sent', async () => {
    const options = { ...sheetWith([ann, bob]), keyColumn: 'Email' };
    const cursor = v2Cursor([ann, bob], 'Email');
    reader.emulator.insertRows(options.spreadsheetId, 'Leads', 2, [cy]);
    reader.emulator.editCell(options.spreadsheetId, 'Leads', 'C3', 'team');
    const { items, cursor: next } = await read(options, cursor);
    expect(items.map((item) => [item.key, item.notSent])).toEqual([['cy@example.com', undefined]]);
    expect(next).toMatchObject({ v: 3, keyColumn: 'Email', cells: 0 });
  });
});
