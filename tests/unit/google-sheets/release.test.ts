import { release } from '../../../connectors/google-sheets/rows/release';
import { RowList } from '../../../connectors/google-sheets/rows/row-list';

test('a released list gives its memory back at once', () => {
  const list = new RowList(5, 100_000);
  list.push(1, 2, 3, 1);
  list.release();
  expect([list.highs.byteLength, list.cells.byteLength, list.rowNumbers.length]).toEqual([0, 0, 0]);
});

test("an array sharing a pool with others is left alone, so the others' bytes stay", () => {
  const pooled = Buffer.from('abc');
  const neighbour = Buffer.from('def');
  release(pooled);
  expect([pooled.toString(), neighbour.toString()]).toEqual(['abc', 'def']);
});
