// A destination sheet's columns, from its header row: the mapping targets (one input per
// named header cell) and the hidden marker column that records which item wrote each row.
import { ConnectorError, type JsonObject, type JsonSchema } from '../../sdk';
import { columnLetters, text, type SheetValue } from '../rows/identity';

/** The header of the column holding each written row's marker (see markers.ts). */
export const MARKER_HEADER = 'Tributary key';
/** Google's limit on the text in one cell. */
export const CELL_LIMIT = 50_000;

export interface SheetColumns {
  /** Header names by column index (0-based); null under a blank header cell. */
  names: Array<string | null>;
  /** Index of the marker column, or null when the sheet has none yet. */
  markerColumn: number | null;
}

/** The columns a header row describes; a repeated name gets " (2)" as the source names it. */
export function columnsOf(header: SheetValue[]): SheetColumns {
  const used = new Map<string, number>();
  let markerColumn: number | null = null;
  const names = header.map((cell, index) => {
    const name = text(cell);
    if (name === '') return null;
    // One marker column serves every connection writing to the sheet (markers are derived
    // from the connection, so they never collide); a second one, made by hand or by an old
    // race, is no field to fill in either.
    if (name === MARKER_HEADER) {
      markerColumn ??= index;
      return null;
    }
    const count = (used.get(name) ?? 0) + 1;
    used.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
  return { names, markerColumn };
}

/**
 * The inputs of a row: one text input per named header cell, in sheet order. Each
 * carries its column (`x-column`), and the schema where the marker column is, so a writer
 * opened with this schema needs no second look at the header.
 */
export function inputSchemaOf(columns: SheetColumns, where: { sheet: string; headerRow: number }): JsonSchema {
  const properties: Record<string, JsonObject> = {};
  columns.names.forEach((name, index) => {
    if (name === null) return;
    properties[name] = {
      type: 'string',
      title: name,
      description: `Column ${columnLetters(index)} of sheet "${where.sheet}"`,
      maxLength: CELL_LIMIT,
      'x-column': index,
    };
  });
  if (Object.keys(properties).length === 0) {
    throw new ConnectorError(
      'config',
      `Row ${where.headerRow} of sheet "${where.sheet}" has no column names. Type the names of the columns ` +
        '(Email, Name, Amount...) in that row, then come back: each becomes a field to fill in.',
    );
  }
  return {
    type: 'object',
    additionalProperties: false,
    properties,
    'x-marker-column': columns.markerColumn,
    'x-header-row': where.headerRow,
  };
}

/** The columns a schema made by inputSchemaOf describes. */
export function columnsFromSchema(schema: JsonSchema): SheetColumns {
  const names: Array<string | null> = [];
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, JsonObject>)) {
    const column = property['x-column'];
    if (typeof column === 'number') names[column] = name;
  }
  const marker = schema['x-marker-column'];
  return { names: Array.from(names, (name) => name ?? null), markerColumn: typeof marker === 'number' ? marker : null };
}

/** Where the marker column goes when the sheet has none: right of the last header cell. */
export function nextFreeColumn(columns: SheetColumns): number {
  return columns.names.length;
}

export interface RowOptions {
  /** USER_ENTERED: a value that starts with "=" is a formula only when formulas are allowed. */
  valueInput: 'USER_ENTERED' | 'RAW';
  allowFormulas: boolean;
  /**
   * A column written as text whatever it looks like: update-row's key column, so a key
   * "0012" is not stored as the number 12 and the next run still finds its row.
   */
  textColumn?: string;
}

/** A cell's value as sent; null leaves the cell as it is. */
export function cellValue(value: unknown, options: RowOptions, asText = false): string | null {
  if (value === undefined || value === null) return null;
  const cell = String(value);
  // The apostrophe is not stored: Google keeps the rest as text, exactly.
  if (asText && options.valueInput === 'USER_ENTERED') return `'${cell}`;
  // A leading apostrophe is how a person types text that would otherwise become a formula.
  if (options.valueInput === 'USER_ENTERED' && !options.allowFormulas && cell.startsWith('=')) return `'${cell}`;
  return cell;
}

/** The values of one row for `input`, as wide as the header (and the marker column). */
export function rowValues(columns: SheetColumns, input: JsonObject, options: RowOptions, marker?: string): Array<string | null> {
  const width = Math.max(
    columns.names.length,
    marker !== undefined && columns.markerColumn !== null ? columns.markerColumn + 1 : 0,
  );
  const row: Array<string | null> = Array.from({ length: width }, () => null);
  columns.names.forEach((name, index) => {
    if (name !== null) row[index] = cellValue(input[name], options, name === options.textColumn);
  });
  if (marker !== undefined && columns.markerColumn !== null) row[columns.markerColumn] = marker;
  // Trailing nulls say nothing; Google needs no placeholders for them.
  while (row.length > 0 && row[row.length - 1] === null) row.pop();
  return row;
}
