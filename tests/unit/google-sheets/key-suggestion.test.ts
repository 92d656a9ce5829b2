import { suggestKeyColumn } from '../../../connectors/google-sheets/rows/key-suggestion';

const headers = ['Name', 'Email', 'Order number', 'Plan'];
const rows = [
  ['Ann', 'ann@acme.test', 'A-1', 'pro'],
  ['Bob', 'bob@acme.test', 'A-2', 'pro'],
  [],
  ['Cy', 'cy@acme.test', 'A-3', 'basic'],
];

test('the first identifying column whose value differs on every row is proposed, saying why', () => {
  expect(suggestKeyColumn(headers, rows, true)).toEqual({ column: 'Email', reason: 'every row has a different Email' });
});

test('a column with a repeated or empty value is not proposed; the next one that fits is', () => {
  const repeated = [...rows, ['Dee', 'ANN@acme.test', 'A-4', 'pro']];
  expect(suggestKeyColumn(headers, repeated, true)?.column).toBe('Order number');
  const empty = [...rows, ['Eve', 'eve@acme.test', '', 'pro']];
  expect(suggestKeyColumn(headers, [...empty, ['Fay', 'ann@acme.test', 'A-9', 'pro']], true)).toBeNull();
});

test('a unique column whose name does not say it identifies a row (a name) is not proposed', () => {
  expect(suggestKeyColumn(['Name', 'Plan'], rows, true)).toBeNull();
});

test('a sample of the first rows says so, and a sheet without rows proves nothing', () => {
  expect(suggestKeyColumn(headers, rows, false)?.reason).toBe('each of the first 3 rows has a different Email');
  expect(suggestKeyColumn(headers, [[], []], true)).toBeNull();
});
