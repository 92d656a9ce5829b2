// A sheet held in memory behind the same interface the Google source has, for tests of
// the read logic that need no HTTP: pages of `pageRows`, the key column alone when asked.
import type { SheetValue } from '../../connectors/google-sheets/rows/identity';
import type { SheetSource } from '../../connectors/google-sheets/sheet-source';

/** `rows()` gives the sheet as it is now, header first; `version()` what Drive would say. */
export function memorySheet(
  rows: () => SheetValue[][],
  pageRows: number,
  version: () => string | null = () => null,
): SheetSource {
  const copy = (row: SheetValue[] | undefined) => [...(row ?? [])];
  return {
    sheet: 'Leads',
    version: async () => version(),
    async *scan(plan) {
      const sheet = rows();
      yield { firstRow: plan.headerRow, rows: [copy(sheet[plan.headerRow - 1])] };
      for (let start = plan.headerRow + 1; start <= sheet.length; start += pageRows) {
        const page = sheet.slice(start - 1, start - 1 + pageRows);
        yield {
          firstRow: start,
          rows: page.map((row) => (plan.column === null ? copy(row) : row[plan.column] === undefined ? [] : [row[plan.column]])),
        };
      }
    },
    async *rowsAt(rowNumbers) {
      const sheet = rows();
      for (const row of rowNumbers) yield { firstRow: row, rows: [copy(sheet[row - 1])], lastRow: row };
    },
  };
}
