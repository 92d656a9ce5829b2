// Which column to propose as the key: one whose name says it identifies a row (an email,
// an id, an order or invoice number...) and whose value is filled in and different on
// every row read. A key column makes "new row" exact; the wizard proposes, the person decides.
import { isBlankRow, text, type SheetValue } from './identity';

const IDENTIFYING =
  /e-?mail|(^|[^a-z])id($|[^a-z])|identifier|number|\bno\b|\bnr\b|#|code|\bkey\b|\bsku\b|\bref(erence)?\b|uuid/i;

export interface KeySuggestion {
  column: string;
  /** Why, for the wizard: "every row has a different Email". */
  reason: string;
}

/**
 * The best key column for `rows` (the data rows under the header, possibly only the first
 * ones: `complete` says whether they are all of them), or null when none fits.
 */
export function suggestKeyColumn(headers: string[], rows: SheetValue[][], complete: boolean): KeySuggestion | null {
  const data = rows.filter((row) => !isBlankRow(row, headers.length));
  // No rows: nothing says the column is filled in; one row: its name is the main evidence.
  if (data.length === 0) return null;
  for (const [index, name] of headers.entries()) {
    if (!IDENTIFYING.test(name)) continue;
    const values = new Set<string>();
    let unique = true;
    for (const row of data) {
      const value = text(row[index]).toLowerCase();
      if (value === '' || values.has(value)) {
        unique = false;
        break;
      }
      values.add(value);
    }
    if (!unique) continue;
    const rowsRead = complete ? 'every row' : `each of the first ${data.length} rows`;
    return { column: name, reason: `${rowsRead} has a different ${name}` };
  }
  return null;
}
