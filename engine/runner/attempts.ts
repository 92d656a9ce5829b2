import type { Db } from '../store/db';

/** An earlier attempt at an item whose outcome was never recorded. */
export interface EarlierAttempt {
  /** When the item was first handed to the destination. */
  at: Date;
  /** How long ago that was, by the database's clock (the same for every worker). */
  secondsAgo: number;
}

/**
 * Notes that these items (not in the ledger) are about to be attempted, and returns the
 * earlier first attempt of those attempted before: by a run that failed them, one whose
 * worker died before recording them, or one that stopped. One statement per batch of a
 * read. The row goes when the item is recorded as sent or skipped (recordBatch), or, for
 * an item that failed, once nothing can send it again (retention.ts); every attempt moves
 * its `last_attempt_at` on, since each leaves a run log entry a person can retry from.
 */
export async function noteAttempts(db: Db, connectionId: string, keys: string[]): Promise<Map<string, EarlierAttempt>> {
  if (keys.length === 0) return new Map();
  // Keys are made distinct: a read may repeat one (two sheet rows with one key), and an
  // upsert may touch a row only once per statement.
  const result = await db.raw(
    `with earlier as (
       select item_key, first_attempt_at, extract(epoch from now() - first_attempt_at)::float8 as seconds_ago
         from item_attempts where connection_id = :connectionId and item_key = any(:keys::text[])),
     noted as (
       insert into item_attempts (connection_id, item_key)
       select :connectionId, key from (select distinct unnest(:keys::text[]) as key) as keys
       on conflict (connection_id, item_key) do update set last_attempt_at = now())
     select * from earlier`,
    { connectionId, keys },
  );
  const rows = result.rows as Array<{ item_key: string; first_attempt_at: Date; seconds_ago: number }>;
  return new Map(rows.map((row) => [row.item_key, { at: row.first_attempt_at, secondsAgo: Number(row.seconds_ago) }]));
}
