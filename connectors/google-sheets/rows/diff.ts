// Which rows of this read are new since the last one. A row whose identity was seen before
// is old, wherever it moved. A row with an unseen identity is new, unless it sits where a
// vanished row used to be (same neighbours) and keeps at least half of that row's leading
// cells: then it is that row, edited in place, and is not sent again.
import type { RowList } from './cursor';
import { looksLikeSameRow } from './identity';
import { SortedIds } from './sorted-ids';

const SEARCH_LIMIT = 256;

/** Where each identity of a list sits in it. */
export function indexById(list: RowList): SortedIds {
  return new SortedIds(list.ids, list.length);
}

/** Indexes (into `current`) of the rows that are new. `previousIndex` is indexById(previous). */
export function newRowIndexes(previous: RowList, current: RowList, previousIndex = indexById(previous)): number[] {
  // 1 = the previous row is still in the sheet (somewhere), 2 = already matched to an edit.
  const state = new Uint8Array(previous.length);
  for (let i = 0; i < current.length; i++) {
    const at = previousIndex.get(current.ids[i]);
    if (at !== undefined) state[at] = 1;
  }
  const fresh: number[] = [];

  let anchor = -1; // index in `previous` of the last row that is still there
  let j = 0;
  while (j < current.length) {
    const known = previousIndex.get(current.ids[j]);
    if (known !== undefined) {
      anchor = known;
      j++;
      continue;
    }
    // A run of unseen rows, between `anchor` and the next row that is still there.
    let end = j;
    while (end < current.length && !previousIndex.has(current.ids[end])) end++;
    const next = end < current.length ? (previousIndex.get(current.ids[end]) as number) : previous.length;
    for (let k = j; k < end; k++) {
      let edited = false;
      // Edits are local: look at a bounded stretch so a sheet replaced wholesale stays linear.
      const stop = Math.min(next, anchor + 1 + SEARCH_LIMIT + (k - j));
      for (let p = anchor + 1; p < stop; p++) {
        if (state[p] !== 0) continue;
        if (looksLikeSameRow(previous.sketches[p], current.sketches[k])) {
          state[p] = 2;
          edited = true;
          break;
        }
      }
      if (!edited) fresh.push(k);
    }
    j = end;
  }
  return fresh;
}
