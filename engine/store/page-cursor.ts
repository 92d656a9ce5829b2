import type { Knex } from 'knex';
import { ServiceError } from '../workspaces/service-error';

// Lists are paged by keyset, not offset: a page costs the same at row 3,000 as at row 0,
// and rows added meanwhile neither repeat nor vanish. The cursor is the last row's sort
// time (to the microsecond, which a JS Date would round away) and id, as one opaque token.

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

interface Position {
  at: string;
  id: string;
}

const POSITION =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

function readCursor(cursor: string): Position {
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new ServiceError('validation_failed', 'cursor: is not one this API gave out. Start again without a cursor.', {
      fields: [{ field: 'cursor', message: 'is not one this API gave out; start again without it' }],
    });
  }
  return { at: match[1]!, id: match[2]! };
}

/**
 * One page of `query`'s rows ordered by (`column`, id), ascending or newest first, after
 * `cursor`. `query` must select the table's `id`; `column` is a timestamptz of that table.
 */
export async function keysetPage<T extends { id: string }>(args: {
  query: Knex.QueryBuilder;
  column: string;
  direction: 'asc' | 'desc';
  cursor: string | undefined;
  limit: number;
}): Promise<Page<T>> {
  const { query, column, direction } = args;
  if (args.cursor) {
    const after = readCursor(args.cursor);
    query.whereRaw(`(??, id) ${direction === 'asc' ? '>' : '<'} (?::timestamptz, ?::uuid)`, [column, after.at, after.id]);
  }
  const rows = (await query
    .select(query.client.raw(`to_char(?? at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as page_position`, [column]))
    .orderBy([
      { column, order: direction },
      { column: 'id', order: direction },
    ])
    .limit(args.limit + 1)) as Array<T & { page_position: string }>;
  const more = rows.length > args.limit;
  const items = rows.slice(0, args.limit).map(({ page_position: _position, ...row }) => row as unknown as T);
  const last = rows[args.limit - 1];
  return {
    items,
    nextCursor: more && last ? Buffer.from(`${last.page_position}|${last.id}`).toString('base64url') : null,
  };
}
