// Updates the rows of a destination sheet found by a key column: the column is read once
// per run (one request, however many items), each batch's changes go in one
// values.batchUpdate, and with "add when not found" the missing rows go through the
// RowWriter's append (marked, so they are never added twice). An update is safe to
// repeat; an added row's key is in the key column from then on, so after a crash the
// next attempt finds and updates it instead of adding it again.
import { ConnectorError, type BatchItem, type BatchOutcome } from '../../sdk';
import { text } from '../rows/identity';
import { columnsFromSchema, rowValues, type RowOptions, type SheetColumns } from './columns';
import { RowWriter, rowResult } from './row-writer';
import { readColumn, updateRows, type DestinationSheet } from './sheet-requests';

export interface UpdateSettings extends RowOptions {
  keyColumn: string;
  whenNotFound: 'skip' | 'add';
}

export class RowUpdater {
  private readonly columns: SheetColumns;
  private readonly keyIndex: number;
  /** Key -> the first row holding it; read once per run, and again after a write whose answer was lost. */
  private rows: Map<string, number> | null = null;
  private readonly adder: RowWriter;

  constructor(
    private readonly where: DestinationSheet,
    schema: Record<string, unknown>,
    private readonly settings: UpdateSettings,
  ) {
    this.columns = columnsFromSchema(schema);
    this.keyIndex = this.columns.names.indexOf(settings.keyColumn);
    if (this.keyIndex < 0) {
      throw new ConnectorError(
        'config',
        `The key column "${settings.keyColumn}" is not in the header row of sheet "${where.sheet}": ` +
          'it may have been renamed. Pick the key column again.',
      );
    }
    this.adder = new RowWriter(where, schema, settings);
  }

  private async keyRows(fresh: boolean): Promise<Map<string, number>> {
    if (!this.rows || fresh) {
      const cells = await readColumn(this.where, this.keyIndex);
      const rows = new Map<string, number>();
      cells.forEach((cell, index) => {
        const key = text(cell).trim();
        if (key !== '' && !rows.has(key)) rows.set(key, this.where.headerRow + 1 + index);
      });
      this.rows = rows;
    }
    return this.rows;
  }

  async update(items: BatchItem[]): Promise<BatchOutcome[]> {
    const rows = await this.keyRows(items.some((item) => item.uncertain));
    const outcomes: Array<BatchOutcome | undefined> = items.map(() => undefined);
    const changes: Array<{ index: number; row: number }> = [];
    const toAdd: number[] = [];
    // Items whose key another item of this batch adds: they update that row once it is there.
    const afterAdd: number[] = [];
    const adding = new Set<string>();
    items.forEach((item, index) => {
      const key = this.keyOf(item);
      if (key === '') {
        outcomes[index] = new ConnectorError(
          'item',
          `${this.settings.keyColumn}: is empty for this item, so no row can be found. Map a value to the key column.`,
          { param: this.settings.keyColumn },
        );
        return;
      }
      const row = rows.get(key);
      if (row !== undefined) changes.push({ index, row });
      else if (this.settings.whenNotFound === 'add' && adding.has(key)) afterAdd.push(index);
      else if (this.settings.whenNotFound === 'add') {
        adding.add(key);
        toAdd.push(index);
      } else {
        outcomes[index] = {
          objectId: null,
          object: {},
          skipped: true,
          summary: `No row of sheet "${this.where.sheet}" has ${this.settings.keyColumn} "${key}"; nothing changed`,
        };
      }
    });
    if (toAdd.length > 0) {
      const added = await this.adder.add(toAdd.map((index) => items[index]!));
      toAdd.forEach((index, n) => {
        const outcome = added[n]!;
        outcomes[index] = outcome;
        if (!(outcome instanceof ConnectorError) && typeof outcome.output?.row === 'number') {
          rows.set(this.keyOf(items[index]!), outcome.output.row);
        }
      });
    }
    for (const index of afterAdd) {
      const row = rows.get(this.keyOf(items[index]!));
      if (row !== undefined) changes.push({ index, row });
      else outcomes[index] = new ConnectorError('retryable', 'The row with this key was not added yet.');
    }
    if (changes.length > 0) {
      await updateRows(
        this.where,
        changes.map(({ index, row }) => ({ row, values: rowValues(this.columns, items[index]!.input, this.settings) })),
        this.settings.valueInput,
      );
      for (const { index, row } of changes) {
        const result = rowResult(this.where, row, items[index]!.input);
        outcomes[index] = { ...result, summary: `Updated row ${row} of sheet "${this.where.sheet}"` };
      }
    }
    return outcomes as BatchOutcome[];
  }

  private keyOf(item: BatchItem): string {
    return String(item.input[this.settings.keyColumn] ?? '').trim();
  }
}
