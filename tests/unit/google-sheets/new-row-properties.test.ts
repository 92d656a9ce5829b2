// Property tests of the new-row trigger over random sheet histories (issue 10): the real
// read code (scan, compare, cursor round-trip through JSON) on sheets held in memory.
import fc from 'fast-check';
import type { SourceItem } from '../../../connectors/sdk';
import { readNewRows, startCursor, type ReadSettings } from '../../../connectors/google-sheets/read-new-rows';
import { readCursor } from '../../../connectors/google-sheets/rows/cursor';
import { memorySheet } from '../../support/memory-sheet';
import {
  apply,
  content,
  expectNoneLeftOut,
  HEADER,
  histories,
  isBlank,
  type History,
  type Row,
} from '../../support/sheet-histories';

interface Reader {
  pageRows: number;
  keptRows: number;
}
const readers = fc.record({ pageRows: fc.integer({ min: 1, max: 9 }), keptRows: fc.constantFrom(0, 1, 2000) });

/** Replays the history: starts the cursor, then reads after each step's edits (the cursor stored as JSON). */
async function replay(
  history: History,
  settings: ReadSettings,
  reader: Reader,
  check: (rows: Row[], items: SourceItem[]) => void,
): Promise<void> {
  let rows = history.initial;
  // Drive's version moves on with every edit, as it does for a person typing.
  let version = 1;
  const source = memorySheet(
    () => [HEADER, ...rows],
    reader.pageRows,
    () => String(version),
  );
  let cursor: unknown = JSON.parse(JSON.stringify(await startCursor(source, settings, history.startFrom)));
  for (const step of history.steps) {
    for (const change of step) {
      rows = apply(rows, change);
      version++;
    }
    const items: SourceItem[] = [];
    for await (const batch of readNewRows(source, settings, readCursor(cursor), reader.keptRows)) {
      items.push(...batch.items);
      if (batch.cursor !== undefined) cursor = JSON.parse(JSON.stringify(batch.cursor));
    }
    check(rows, items);
  }
}

const keysOf = (rows: Row[]) => rows.map((r) => (r[0] ?? '').trim()).filter((key) => key !== '');
const contentOf = (item: SourceItem) => content(HEADER.map((name) => String(item.data[name] ?? '')));
const sorted = (values: string[]) => [...values].sort();

test('with a key column, the rows sent are exactly the keys never seen before, each once', async () => {
  await fc.assert(
    fc.asyncProperty(histories(), readers, async (history, reader) => {
      const seen = new Set(history.startFrom === 'now' ? keysOf(history.initial) : []);
      await replay(history, { headerRow: 1, keyColumn: 'Email' }, reader, (rows, items) => {
        const sent = items.filter((item) => !item.notSent);
        const neverSeen = [...new Set(keysOf(rows))].filter((key) => !seen.has(key));
        expect(sorted(sent.map((item) => item.key))).toEqual(sorted(neverSeen));
        for (const item of sent) expect(item.data.Email).toBe(item.key);
        // What is listed as not sent is a second row with a key the sheet already has.
        for (const item of items.filter((i) => i.notSent)) {
          expect(item.notSent).toMatchObject({ code: 'repeated_key', sendable: false });
          expect(keysOf(rows).filter((key) => key === item.data.Email).length).toBeGreaterThan(1);
        }
        for (const key of keysOf(rows)) seen.add(key);
      });
    }),
    { numRuns: 150 },
  );
});

test('without a key column, no row whose content was never in the sheet is left out: it is sent or listed', async () => {
  await fc.assert(
    fc.asyncProperty(histories(), readers, async (history, reader) => {
      const seen = new Set(history.startFrom === 'now' ? history.initial.filter((r) => !isBlank(r)).map(content) : []);
      const sentKeys = new Set<string>();
      await replay(history, { headerRow: 1, keyColumn: null }, reader, (rows, items) => {
        for (const item of items) {
          if (item.notSent) expect(item.notSent).toMatchObject({ code: 'looks_like_edit', sendable: true });
          else {
            // Nothing is sent twice over the history.
            expect(sentKeys.has(item.key)).toBe(false);
            sentKeys.add(item.key);
          }
        }
        expectNoneLeftOut(rows, seen, items.map(contentOf));
      });
    }),
    { numRuns: 150 },
  );
});
