// Which rows of this read are new since the last one (pure: no I/O, so property tests can
// drive it through thousands of sheet histories).
//
// With a key column, identity is the key value and nothing else: a row whose key was not
// in the sheet last time (nor deleted lately) is new; a second row with a key already
// present is a repeat, never sent, and listed once.
//
// Without one, a row is known by its content. A row whose content was not there last time
// is new, unless it stands where a row that is now gone stood (between the same
// neighbouring rows) and more than half of its filled-in cells are unchanged, compared
// with 32-bit hashes of each of the first 16 columns: then it looks like an edit of that
// row. Edits are not sent on their own; the caller lists each with a way to send it.
import type { SeenRows } from './cursor';
import { GONE_LIMIT } from './cursor';
import { IdTable } from './id-table';
import { release } from './release';
import { RowList } from './row-list';

export interface Verdicts {
  /** Rows to send (indexes into the current list, ascending). */
  fresh: number[];
  /** Rows that look like an edit of `of` (an index into previous.rows); `changed`: current column indexes. */
  edits: Array<{ index: number; of: number; changed: number[] }>;
  /** Rows whose key an earlier row of this read (`of`, a current index) already has. */
  repeats: Array<{ index: number; of: number }>;
  /** Identities of rows gone since last time followed by those gone before, for the next cursor. */
  gone: RowList;
}

/** Unseen rows of one stretch are compared with the vanished rows this far either side of their place. */
const WINDOW = 32;

/** Where last time's rows are: each identity's first row, and how many rows had it (a key can repeat). */
export interface PreviousIndex {
  first: IdTable;
  /** Rows with the identity, at the index of its first row. */
  counts: Uint32Array;
}

export function indexPrevious(previous: SeenRows): PreviousIndex {
  const rows = previous.rows;
  const first = new IdTable(rows.length);
  const counts = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const at = first.get(rows.highs[i], rows.lows[i]);
    if (at === undefined) {
      first.set(rows.highs[i], rows.lows[i], i);
      counts[i] = 1;
    } else counts[at]++;
  }
  return { first, counts };
}

/** Identity halves of current row `i`, cut to 48 bits when comparing with a version-1 cursor. */
function lowOf(current: RowList, i: number, legacy: boolean): number {
  return legacy ? (current.lows[i] & 0xffff0000) >>> 0 : current.lows[i];
}

function goneTable(previous: SeenRows): IdTable {
  const table = new IdTable(previous.gone.length);
  for (let g = 0; g < previous.gone.length; g++) table.set(previous.gone.highs[g], previous.gone.lows[g], g);
  return table;
}

/**
 * Rows gone since last time (in sheet order, each identity once), then those gone before
 * and not back in the sheet (`back[g]`), up to GONE_LIMIT: what the next cursor remembers.
 */
function nextGone(previous: SeenRows, index: PreviousIndex, present: Uint8Array, back: Uint8Array): RowList {
  // A version-1 cursor's 48-bit identities would never match a 64-bit one again.
  if (previous.legacy) return new RowList(0, 1, false);
  const rows = previous.rows;
  const gone = new RowList(0, Math.min(GONE_LIMIT, previous.gone.length + rows.length), false);
  for (let p = 0; p < rows.length && gone.length < GONE_LIMIT; p++) {
    if (present[p] === 0 && index.first.get(rows.highs[p], rows.lows[p]) === p) gone.push(rows.highs[p], rows.lows[p], 0);
  }
  for (let g = 0; g < previous.gone.length && gone.length < GONE_LIMIT; g++) {
    if (back[g] === 0) gone.push(previous.gone.highs[g], previous.gone.lows[g], 0);
  }
  return gone;
}

function compareKeys(previous: SeenRows, current: RowList, index: PreviousIndex): Verdicts {
  const gone = goneTable(previous);
  const back = new Uint8Array(previous.gone.length);
  // Each key's first row in this read, and how many rows have it so far.
  const firstAt = new IdTable(current.length);
  const counts = new Uint32Array(current.length);
  const verdicts: Verdicts = { fresh: [], edits: [], repeats: [], gone: new RowList(0, 1, false) };
  for (let i = 0; i < current.length; i++) {
    const hi = current.highs[i];
    const lo = lowOf(current, i, previous.legacy);
    let first = firstAt.get(hi, lo);
    if (first === undefined) {
      first = i;
      firstAt.set(hi, lo, i);
    }
    const count = ++counts[first];
    const at = index.first.get(hi, lo);
    const earlier = at === undefined ? 0 : index.counts[at];
    const g = gone.get(hi, lo);
    if (g !== undefined) back[g] = 1;
    if (count > Math.max(earlier, 1)) verdicts.repeats.push({ index: i, of: first });
    else if (earlier === 0 && g === undefined) verdicts.fresh.push(i);
  }
  const present = new Uint8Array(previous.rows.length);
  for (let p = 0; p < previous.rows.length; p++) present[p] = firstAt.has(previous.rows.highs[p], previous.rows.lows[p]) ? 1 : 0;
  verdicts.gone = nextGone(previous, index, present, back);
  gone.release();
  firstAt.release();
  release(counts, back, present);
  return verdicts;
}

/** Pairs [current column, previous column] hashed in both reads or in one (the other side counts as empty). */
function columnPairs(previous: SeenRows, currentHeaders: string[], width: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let c = 0; c < width; c++) {
    const p = previous.headers.indexOf(currentHeaders[c]);
    pairs.push([c, p >= 0 && p < previous.rows.width ? p : -1]);
  }
  for (let p = 0; p < previous.rows.width; p++) {
    if (!currentHeaders.slice(0, width).includes(previous.headers[p])) pairs.push([-1, p]);
  }
  return pairs;
}

/** The changed columns when more than half of the filled-in compared cells are unchanged; null otherwise. */
function editedColumns(previous: SeenRows, p: number, current: RowList, k: number, pairs: Array<[number, number]>) {
  // A version-1 cursor kept no cells: any row in a vanished row's place may be its edit.
  if (previous.legacy) return [];
  let compared = 0;
  let unchanged = 0;
  const changed: number[] = [];
  for (const [c, q] of pairs) {
    const now = c < 0 ? 0 : current.cell(k, c);
    const then = q < 0 ? 0 : previous.rows.cell(p, q);
    if (now === 0 && then === 0) continue;
    compared++;
    if (now === then) unchanged++;
    else if (c >= 0) changed.push(c);
  }
  return compared > 0 && unchanged * 2 > compared ? changed : null;
}

function compareContent(previous: SeenRows, current: RowList, currentHeaders: string[], index: PreviousIndex): Verdicts {
  const prev = previous.rows;
  const gone = goneTable(previous);
  const back = new Uint8Array(previous.gone.length);
  const at = new Int32Array(current.length).fill(-1);
  const present = new Uint8Array(prev.length);
  for (let i = 0; i < current.length; i++) {
    const lo = lowOf(current, i, previous.legacy);
    const p = index.first.get(current.highs[i], lo);
    if (p !== undefined) {
      at[i] = p;
      present[p] = 1;
    } else {
      const g = gone.get(current.highs[i], lo);
      if (g !== undefined) back[g] = 1;
    }
  }
  // nextVanished[p]: the first vanished previous row at or after p (prev.length: none).
  const nextVanished = new Int32Array(prev.length + 1).fill(prev.length);
  for (let p = prev.length - 1; p >= 0; p--) nextVanished[p] = present[p] === 0 ? p : nextVanished[p + 1];
  const matched = new Uint8Array(prev.length);
  const pairs = columnPairs(previous, currentHeaders, current.width);
  const verdicts: Verdicts = { fresh: [], edits: [], repeats: [], gone: nextGone(previous, index, present, back) };

  let anchor = -1; // the previous index of the last row before this stretch that is still there
  let j = 0;
  while (j < current.length) {
    if (at[j] >= 0) {
      anchor = at[j++];
      continue;
    }
    // A stretch of rows not there last time, up to the next row that was; rows deleted
    // lately and put back were seen, and are neither sent nor compared.
    const stretch: number[] = [];
    let end = j;
    for (; end < current.length && at[end] < 0; end++) {
      if (!gone.has(current.highs[end], lowOf(current, end, previous.legacy))) stretch.push(end);
    }
    const next = end < current.length ? at[end] : prev.length;
    // The rows that stood between the same neighbours and are gone (none when the
    // neighbours swapped places: a sort leaves no place to compare).
    const places: number[] = [];
    for (let p = nextVanished[anchor + 1]; p < next && places.length < stretch.length + WINDOW; p = nextVanished[p + 1]) {
      places.push(p);
    }
    stretch.forEach((k, offset) => {
      for (let c = Math.max(0, offset - WINDOW); c < Math.min(places.length, offset + WINDOW + 1); c++) {
        const p = places[c];
        if (matched[p] === 1) continue;
        const changed = editedColumns(previous, p, current, k, pairs);
        if (changed === null) continue;
        matched[p] = 1;
        verdicts.edits.push({ index: k, of: p, changed });
        return;
      }
      verdicts.fresh.push(k);
    });
    j = end;
  }
  gone.release();
  release(back, at, present, nextVanished, matched);
  return verdicts;
}

/**
 * Compares this read with the last. `keyed`: identities are key values. An empty previous
 * list (a connection started "from the beginning") makes every row new. `index`: from
 * indexPrevious(previous), when the caller already made it.
 */
export function compareRows(
  previous: SeenRows,
  current: RowList,
  currentHeaders: string[],
  keyed: boolean,
  index = indexPrevious(previous),
): Verdicts {
  return keyed ? compareKeys(previous, current, index) : compareContent(previous, current, currentHeaders, index);
}
