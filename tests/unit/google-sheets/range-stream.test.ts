// A values.batchGet answer cut into pieces as it arrives (range-stream.ts): whatever the
// chunk boundaries and piece size, the rows are exactly Google's; an answer cut off
// anywhere is an error, never a shorter sheet.
import fc from 'fast-check';
import { splitRanges, type RangePiece } from '../../../connectors/google-sheets/range-stream';
import type { SheetValue } from '../../../connectors/google-sheets/rows/identity';

// Cells as Google sends them, with the characters the splitter must not be fooled by.
const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '"', '\\', '[', ']', '{', '}', ',', 'é', '€', '😀', '\n', ' ') }),
  fc.integer(),
  fc.boolean(),
);
const row = fc.array(cell, { maxLength: 4 });
// A range with no cells at all comes as {} (no "values").
const range = fc.option(fc.array(row, { minLength: 1, maxLength: 12 }), { nil: undefined });
const answers = fc.array(range, { minLength: 1, maxLength: 5 });

function answerBytes(ranges: Array<SheetValue[][] | undefined>): Buffer {
  return Buffer.from(JSON.stringify({ valueRanges: ranges.map((values) => (values ? { values } : {})) }));
}

/** The bytes cut at the given positions, as fetch hands them over (plain Uint8Arrays). */
function chunked(bytes: Buffer, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const end of [...at, bytes.length]) {
    chunks.push(new Uint8Array(bytes.subarray(start, end)));
    start = end;
  }
  return chunks;
}

async function collect(chunks: Uint8Array[], expected: number, rowsPerPiece: number): Promise<RangePiece[]> {
  const pieces: RangePiece[] = [];
  for await (const piece of splitRanges(chunks, expected, rowsPerPiece)) pieces.push(piece);
  return pieces;
}

describe('splitRanges', () => {
  test('gives every range its rows in order, whatever the chunk boundaries and piece size', async () => {
    await fc.assert(
      fc.asyncProperty(
        answers,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        async (ranges, cuts, rowsPerPiece) => {
          const pieces = await collect(chunked(answerBytes(ranges), cuts), ranges.length, rowsPerPiece);
          const rebuilt: SheetValue[][][] = ranges.map(() => []);
          for (const piece of pieces) {
            expect(piece.offset).toBe(rebuilt[piece.index].length);
            expect(piece.rows.length).toBeLessThanOrEqual(rowsPerPiece);
            rebuilt[piece.index].push(...piece.rows);
          }
          expect(rebuilt).toEqual(ranges.map((values) => values ?? []));
          // Each range ends exactly once, with its last piece.
          expect(pieces.filter((piece) => piece.last).map((piece) => piece.index)).toEqual(ranges.map((_, index) => index));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('an answer cut off anywhere is an error, not a shorter sheet', async () => {
    await fc.assert(
      fc.asyncProperty(answers, fc.nat(), fc.array(fc.nat(), { maxLength: 4 }), async (ranges, end, cuts) => {
        const bytes = answerBytes(ranges);
        const short = bytes.subarray(0, end % bytes.length);
        await expect(collect(chunked(short, cuts), ranges.length, 3)).rejects.toThrow(/ended early|Unexpected|JSON/);
      }),
      { numRuns: 200 },
    );
  });

  test('an answer with fewer ranges than asked for is an error', async () => {
    const bytes = answerBytes([[['a']], [['b']]]);
    await expect(collect([bytes], 3, 10)).rejects.toThrow('the answer ended early (2 of 3 ranges)');
  });
});
