// Random histories of a sheet, as people edit one between two runs: rows inserted,
// deleted, edited, sorted, duplicated, appended, blank rows left in between. Used by the
// property tests of the new-row trigger, in memory and through the Google emulator.
import fc from 'fast-check';
import { createHash } from 'node:crypto';

export const HEADER = ['Email', 'Name', 'Plan', 'Country'];
export type Row = string[];

export type Edit =
  | { op: 'insert'; at: number; row: Row }
  | { op: 'append'; rows: Row[] }
  | { op: 'delete'; at: number; count: number }
  | { op: 'edit'; at: number; column: number; value: string }
  | { op: 'sort'; column: number; descending: boolean }
  | { op: 'duplicate'; from: number; to: number }
  | { op: 'blank'; at: number };

export interface History {
  initial: Row[];
  startFrom: 'now' | 'beginning';
  /** The edits made before each run. */
  steps: Edit[][];
}

// Small pools, so keys come back, rows collide on Plan and Country, and copies happen.
const email = fc.integer({ min: 0, max: 40 }).map((n) => `u${n}@acme.test`);
const cell = [
  email,
  fc.constantFrom('Ann', 'Bob', 'Cy', 'Dee', 'Eve'),
  fc.constantFrom('basic', 'pro'),
  fc.constantFrom('DE', 'FR'),
];
const row: fc.Arbitrary<Row> = fc.tuple(cell[0], cell[1], cell[2], cell[3]);
const position = fc.nat({ max: 1000 });

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: position, row }),
  fc.record({ op: fc.constant('append' as const), rows: fc.array(row, { minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 3 }) }),
  fc.nat({ max: 3 }).chain((column) =>
    fc.record({
      op: fc.constant('edit' as const),
      at: position,
      column: fc.constant(column),
      value: fc.oneof({ weight: 9, arbitrary: cell[column] }, { weight: 1, arbitrary: fc.constant('') }),
    }),
  ),
  fc.record({ op: fc.constant('sort' as const), column: fc.nat({ max: 3 }), descending: fc.boolean() }),
  fc.record({ op: fc.constant('duplicate' as const), from: position, to: position }),
  fc.record({ op: fc.constant('blank' as const), at: position }),
);

export function histories(maxSteps = 5): fc.Arbitrary<History> {
  return fc.record({
    initial: fc.array(row, { maxLength: 12 }),
    startFrom: fc.constantFrom('now' as const, 'beginning' as const),
    steps: fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: maxSteps }),
  });
}

/** The sheet's data rows after `change` (positions wrap around the rows there are). */
export function apply(rows: Row[], change: Edit): Row[] {
  const next = rows.map((r) => [...r]);
  const at = (n: number, extra = 0) => n % Math.max(1, next.length + extra);
  switch (change.op) {
    case 'insert':
      next.splice(at(change.at, 1), 0, [...change.row]);
      break;
    case 'append':
      next.push(...change.rows.map((r) => [...r]));
      break;
    case 'delete':
      if (next.length > 0) next.splice(at(change.at), change.count);
      break;
    case 'edit':
      if (next.length > 0) {
        const target = next[at(change.at)];
        while (target.length < HEADER.length) target.push('');
        target[change.column] = change.value;
      }
      break;
    case 'sort':
      next.sort((a, b) => {
        const x = a[change.column] ?? '';
        const y = b[change.column] ?? '';
        return (x < y ? -1 : x > y ? 1 : 0) * (change.descending ? -1 : 1);
      });
      break;
    case 'duplicate':
      if (next.length > 0) next.splice(at(change.to, 1), 0, [...next[at(change.from)]]);
      break;
    case 'blank':
      next.splice(at(change.at, 1), 0, []);
      break;
  }
  return next;
}

/** A row's content as the trigger sees it: filled-in cells by column name, order-free. */
export function content(r: Row): string {
  const pairs = HEADER.map((name, i) => [name, (r[i] ?? '').trim()]).filter(([, value]) => value !== '');
  return createHash('sha256').update(JSON.stringify(pairs.sort())).digest('hex');
}

export function isBlank(r: Row): boolean {
  return r.every((value) => (value ?? '').trim() === '');
}

/**
 * Every row of `rows` whose content is not in `seen` is among `listed` (the contents a
 * read sent or listed as not sent), as many times as it stands in the sheet; then the
 * sheet's contents count as seen.
 */
export function expectNoneLeftOut(rows: Row[], seen: Set<string>, listed: string[]): void {
  const fresh = rows
    .filter((r) => !isBlank(r))
    .map(content)
    .filter((c) => !seen.has(c));
  for (const c of new Set(fresh)) {
    expect(listed.filter((l) => l === c).length).toBeGreaterThanOrEqual(fresh.filter((f) => f === c).length);
  }
  for (const r of rows) if (!isBlank(r)) seen.add(content(r));
}
