// A values.batchGet answer cut into pieces of a few hundred rows straight from the chunks
// it comes in, each piece parsed on its own. A 4 MB answer is then never joined into one
// Buffer and decoded into one string (with its chunks, three copies at once), and the rows
// alive at any moment are one piece's: so few that V8's young generation, sized by what
// survives its collections, stays small instead of growing to its 32 MB ceiling.
import type { SheetValue } from './rows/identity';

/** Rows of one range, in request order; a range comes in one or more pieces. */
export interface RangePiece {
  index: number;
  /** Position of rows[0] in its range (0-based). */
  offset: number;
  rows: SheetValue[][];
  /** UTF-8 bytes the rows took in the answer. */
  bytes: number;
  /** The range ends with this piece (Google leaves out a range's trailing empty rows). */
  last: boolean;
}

/** Rows per piece: enough to keep parsing cheap, few enough to die young. */
export const PIECE_ROWS = 250;

const QUOTE = '"'.charCodeAt(0);
const BACKSLASH = '\\'.charCodeAt(0);
const OPEN_BRACE = '{'.charCodeAt(0);
const OPEN_BRACKET = '['.charCodeAt(0);
const CLOSE_BRACE = '}'.charCodeAt(0);
const CLOSE_BRACKET = ']'.charCodeAt(0);
/** Depths in {"valueRanges":[{"values":[[...]]}]}: a range object, its values, a row. */
const RANGE = 3;
const VALUES = 4;
const ROW = 5;

type Cut = { range: number; text: Uint8Array; rows: number } | { range: number; end: true };

/**
 * Finds the pieces and range ends in the answer's bytes, whatever the chunk boundaries (a
 * chunk may end inside a string, after a backslash or inside a row). Works on bytes: the
 * characters it looks for are ASCII, and no byte of a multi-byte UTF-8 character is.
 */
export class RangeSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Bytes of the piece being read that came in earlier chunks. */
  private pending: Uint8Array[] = [];
  private inPiece = false;
  private pieceRows = 0;
  private range = 0;
  /** The outer object was closed: the answer is complete. */
  complete = false;

  constructor(private readonly rowsPerPiece = PIECE_ROWS) {}

  push(chunk: Uint8Array): Cut[] {
    const cuts: Cut[] = [];
    let start = 0;
    const cut = (end: number) => {
      const tail = chunk.subarray(start, end);
      const text = this.pending.length === 0 ? tail : Buffer.concat([...this.pending, tail]);
      cuts.push({ range: this.range, text, rows: this.pieceRows });
      this.pending = [];
      this.inPiece = false;
      this.pieceRows = 0;
    };
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) this.inString = false;
      } else if (code === QUOTE) this.inString = true;
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (this.complete) throw new Error('text after the end of the answer');
        if (++this.depth === ROW && !this.inPiece) {
          this.inPiece = true;
          start = i;
        }
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (this.depth === ROW && ++this.pieceRows === this.rowsPerPiece) cut(i + 1);
        // The values end: the piece is the rows (and commas) before the closing bracket.
        else if (this.depth === VALUES && this.inPiece) cut(i);
        else if (this.depth === RANGE) cuts.push({ range: this.range++, end: true });
        if (--this.depth < 0) throw new Error('unbalanced brackets');
        if (this.depth === 0) this.complete = true;
      }
    }
    if (this.inPiece) this.pending.push(chunk.subarray(start));
    return cuts;
  }
}

function parseRows(text: Uint8Array): SheetValue[][] {
  // Chunks may be plain Uint8Arrays (fetch's), whose toString() does not decode.
  return JSON.parse(`[${Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8')}]`) as SheetValue[][];
}

/**
 * The pieces of a batchGet answer, read from its chunks as they come. Throws when the
 * answer ends early or holds another number of ranges than `expected`: a cut-off answer
 * must never read as a sheet whose last rows were deleted.
 */
export async function* splitRanges(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  expected: number,
  rowsPerPiece = PIECE_ROWS,
): AsyncGenerator<RangePiece> {
  const splitter = new RangeSplitter(rowsPerPiece);
  // A piece is held until the next cut says whether its range ends with it.
  let held: { range: number; text: Uint8Array; rows: number } | null = null;
  let offset = 0;
  let ranges = 0;
  const release = (last: boolean): RangePiece => {
    const piece = held!;
    held = null;
    const rows = parseRows(piece.text);
    if (rows.length !== piece.rows) throw new Error('a piece of the answer did not parse into its rows');
    const result = { index: piece.range, offset, rows, bytes: piece.text.byteLength, last };
    offset = last ? 0 : offset + rows.length;
    return result;
  };
  for await (const chunk of chunks) {
    for (const cut of splitter.push(chunk)) {
      if ('end' in cut) {
        ranges++;
        yield held ? release(true) : { index: cut.range, offset: 0, rows: [], bytes: 0, last: true };
        offset = 0;
      } else {
        if (held) yield release(false);
        held = cut;
      }
    }
  }
  if (!splitter.complete || ranges !== expected) {
    throw new Error(`the answer ended early (${ranges} of ${expected} ranges${splitter.complete ? '' : ', unterminated'})`);
  }
}
