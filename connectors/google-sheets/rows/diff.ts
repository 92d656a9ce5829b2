// Which rows of this read are new since the last one. A row whose identity was seen before
// is old, wherever it moved. A row with an unseen identity is new, unless it sits where a
// vanished row used to be (same neighbours) and keeps at least half of that row's leading
// cells: then it is that row, edited in place, and is not sent again.
import { looksLikeSameRow } from './identity';
import type { SeenRow } from './cursor';

const SEARCH_LIMIT = 256;

/** Indexes (into `current`) of the rows that are new. */
export function newRowIndexes(previous: SeenRow[], current: SeenRow[]): number[] {
  const previousIndex = new Map<string, number>();
  previous.forEach((row, index) => previousIndex.set(row.id, index));
  const currentIds = new Set(current.map((row) => row.id));
  const consumed = new Uint8Array(previous.length);
  const fresh: number[] = [];

  let anchor = -1; // index in `previous` of the last row that is still there
  let j = 0;
  while (j < current.length) {
    const known = previousIndex.get(current[j].id);
    if (known !== undefined) {
      anchor = known;
      j++;
      continue;
    }
    // A run of unseen rows, between `anchor` and the next row that is still there.
    let end = j;
    while (end < current.length && !previousIndex.has(current[end].id)) end++;
    const next = end < current.length ? (previousIndex.get(current[end].id) as number) : previous.length;
    for (let k = j; k < end; k++) {
      let edited = false;
      // Edits are local: look at a bounded stretch so a sheet replaced wholesale stays linear.
      const stop = Math.min(next, anchor + 1 + SEARCH_LIMIT + (k - j));
      for (let p = anchor + 1; p < stop; p++) {
        if (consumed[p] || currentIds.has(previous[p].id)) continue;
        if (looksLikeSameRow(previous[p].sketch, current[k].sketch)) {
          consumed[p] = 1;
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
