// A1 notation as the Sheets API reads it: an optional sheet name (quoted when it holds
// spaces or punctuation), then cells, columns or rows; open ends run to the grid's edge.

export interface A1Range {
  /** null: the range names no sheet, so it means the first sheet. */
  sheet: string | null;
  startRow: number;
  startColumn: number;
  /** Inclusive; null = up to the last row / column of the grid. */
  endRow: number | null;
  endColumn: number | null;
}

export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

function columnIndex(letters: string): number {
  let index = 0;
  for (const char of letters.toUpperCase()) index = index * 26 + (char.charCodeAt(0) - 64);
  return index - 1;
}

const endpoint = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

interface Endpoint {
  column: number | null;
  row: number | null;
}

function parseEndpoint(text: string): Endpoint | null {
  const match = endpoint.exec(text);
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const row = match[2] === '' ? null : Number(match[2]) - 1;
  if (row !== null && row < 0) return null;
  return { column: match[1] === '' ? null : columnIndex(match[1]), row };
}

function splitSheet(range: string): { sheet: string | null; cells: string | null } {
  if (range.startsWith("'")) {
    let i = 1;
    let name = '';
    while (i < range.length) {
      if (range[i] === "'" && range[i + 1] === "'") {
        name += "'";
        i += 2;
      } else if (range[i] === "'") break;
      else name += range[i++];
    }
    const rest = range.slice(i + 1);
    if (rest === '') return { sheet: name, cells: null };
    if (!rest.startsWith('!')) throw new Error('bad range');
    return { sheet: name, cells: rest.slice(1) };
  }
  const bang = range.lastIndexOf('!');
  if (bang === -1) return { sheet: null, cells: range };
  return { sheet: range.slice(0, bang), cells: range.slice(bang + 1) };
}

/**
 * Parses a range. `isSheetName` lets a bare word that is a sheet's title ("Leads") mean
 * the whole sheet, as Google does. Returns null when the text is not a range.
 */
export function parseA1(range: string, isSheetName: (name: string) => boolean): A1Range | null {
  let parts: { sheet: string | null; cells: string | null };
  try {
    parts = splitSheet(range.trim());
  } catch {
    return null;
  }
  if (parts.sheet === null && parts.cells !== null && isSheetName(parts.cells)) {
    parts = { sheet: parts.cells, cells: null };
  }
  const whole: A1Range = { sheet: parts.sheet, startRow: 0, startColumn: 0, endRow: null, endColumn: null };
  if (parts.cells === null) return whole;
  const [first, second, extra] = parts.cells.split(':');
  if (extra !== undefined) return null;
  const start = parseEndpoint(first);
  if (!start) return null;
  if (second === undefined) {
    // A single endpoint must be a cell; "A" alone would be a sheet name, not a column.
    if (start.column === null || start.row === null) return null;
    return { ...whole, startRow: start.row, startColumn: start.column, endRow: start.row, endColumn: start.column };
  }
  const end = parseEndpoint(second);
  if (!end) return null;
  return {
    sheet: parts.sheet,
    startRow: start.row ?? 0,
    startColumn: start.column ?? 0,
    endRow: end.row,
    endColumn: end.column,
  };
}

export function quoteSheetName(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}

/** "Sheet1!A1:C10" for a bounded range, the way Google echoes ranges back. */
export function formatA1(title: string, startRow: number, startColumn: number, endRow: number, endColumn: number): string {
  const first = `${columnLetters(startColumn)}${startRow + 1}`;
  const last = `${columnLetters(endColumn)}${endRow + 1}`;
  return `${quoteSheetName(title)}!${first === last ? first : `${first}:${last}`}`;
}
