// Adds the rows of a run to a destination sheet: one values.append per batch (hundreds of
// rows), each row carrying its item's marker in the sheet's hidden "Tributary key"
// column. Google has no idempotency keys, so the marker is how an item whose outcome is
// unknown (the worker died after Google's answer, a 500, a dropped connection) is found
// again instead of being appended twice: before writing such items, the marker column
// is read once for the run, and an item already there is reported with the row it has.
import { ConnectorError, type ActionResult, type BatchItem, type BatchOutcome, type JsonObject } from '../../sdk';
import { text } from '../rows/identity';
import {
  columnsFromSchema,
  columnsOf,
  MARKER_HEADER,
  nextFreeColumn,
  rowValues,
  type RowOptions,
  type SheetColumns,
} from './columns';
import { addMarkerColumn, appendRows, readColumn, readHeader, type DestinationSheet } from './sheet-requests';

/** The marker of an item's row: derived from connection and item only, the same after a crash. */
export function markerOf(item: Pick<BatchItem, 'idempotencyKey'>): string {
  return item.idempotencyKey('sheet-row');
}

export function rowResult(where: DestinationSheet, row: number, input: JsonObject, found = false): ActionResult {
  const range = `${where.sheet}!A${row}`;
  return {
    objectId: range,
    object: { spreadsheetId: where.spreadsheetId, sheet: where.sheet, row, values: input },
    summary: found
      ? `Already in row ${row} of sheet "${where.sheet}" (added by an attempt whose answer was lost)`
      : `Added row ${row} of sheet "${where.sheet}"`,
    url: `https://docs.google.com/spreadsheets/d/${where.spreadsheetId}/edit#range=A${row}`,
    output: { row },
  };
}

export class RowWriter {
  private columns: SheetColumns;
  /** Marker -> row number, read once per run the first time an item's outcome is unknown. */
  private written: Map<string, number> | null = null;

  constructor(
    private readonly where: DestinationSheet,
    schema: JsonObject,
    private readonly options: RowOptions,
  ) {
    this.columns = columnsFromSchema(schema);
  }

  /**
   * The marker column, made (and hidden) the first time rows are added to this sheet. The
   * header is read again first: another connection writing to the same sheet may have made
   * it since this run read the header, and both then share it rather than each adding one.
   */
  private async markerColumn(): Promise<number> {
    if (this.columns.markerColumn === null) {
      const header = columnsOf(await readHeader(this.where));
      const column = header.markerColumn ?? nextFreeColumn(header);
      if (header.markerColumn === null) await addMarkerColumn(this.where, column, MARKER_HEADER);
      this.columns = { ...this.columns, markerColumn: column };
    }
    return this.columns.markerColumn!;
  }

  private async writtenMarkers(column: number): Promise<Map<string, number>> {
    if (!this.written) {
      const cells = await readColumn(this.where, column);
      this.written = new Map();
      cells.forEach((cell, index) => {
        const marker = text(cell);
        if (marker !== '') this.written!.set(marker, this.where.headerRow + 1 + index);
      });
    }
    return this.written;
  }

  async add(items: BatchItem[]): Promise<BatchOutcome[]> {
    const column = await this.markerColumn();
    const outcomes: Array<BatchOutcome | undefined> = items.map(() => undefined);
    if (items.some((item) => item.uncertain)) {
      const written = await this.writtenMarkers(column);
      items.forEach((item, index) => {
        const row = item.uncertain ? written.get(markerOf(item)) : undefined;
        if (row !== undefined) outcomes[index] = rowResult(this.where, row, item.input, true);
      });
    }
    const pending = items.map((item, index) => ({ item, index })).filter(({ index }) => outcomes[index] === undefined);
    if (pending.length > 0) {
      const rows = pending.map(({ item }) => rowValues(this.columns, item.input, this.options, markerOf(item)));
      const numbers = await appendRows(
        this.where,
        rows,
        { firstColumn: 0, lastColumn: Math.max(column, this.columns.names.length - 1) },
        this.options.valueInput,
      );
      pending.forEach(({ item, index }, n) => {
        const row = numbers[n];
        if (row === undefined) {
          outcomes[index] = new ConnectorError('retryable', 'Google Sheets did not say where this row was added.');
          return;
        }
        this.written?.set(markerOf(item), row);
        outcomes[index] = rowResult(this.where, row, item.input);
      });
    }
    return outcomes as BatchOutcome[];
  }
}
