import type { JsonObject, SourceItem } from '../../connectors/sdk/types';
import type { Db } from '../store/db';

/** A stored payload as the runner reads it: a source item plus its inbox row id. */
export interface InboxItem extends SourceItem {
  inboxId: number;
  receivedAt: Date;
}

export interface RecentPayload {
  id: number;
  /** The item key a run gives this payload (see inboxItemKey). */
  key: string;
  payload: JsonObject;
  headers: Record<string, string>;
  receivedAt: Date;
  processedAt: Date | null;
}

interface InboxRow {
  id: number;
  delivery_key: string | null;
  payload: JsonObject;
  headers: Record<string, string>;
  received_at: Date;
  processed_at: Date | null;
}

/**
 * The item key of a stored payload: the sender's delivery id when it gave one, else the
 * inbox id. The prefixes keep a sender's key "17" apart from inbox row 17 in the ledger.
 */
export function inboxItemKey(row: { id: number; delivery_key: string | null }): string {
  return row.delivery_key === null ? `inbox:${row.id}` : `delivery:${row.delivery_key}`;
}

// inboxItemKey in SQL (for a row aliased `i`), to find a payload's ledger entry in the
// statement that reads it, and its attempt record in retention's.
export const ITEM_KEY_SQL = `case when i.delivery_key is null then 'inbox:' || i.id else 'delivery:' || i.delivery_key end`;

type ReadArgs = { db: Db; connectionId: string; limit: number; afterId?: number };

function unprocessed(args: ReadArgs) {
  return args
    .db('webhook_inbox as i')
    .where({ 'i.connection_id': args.connectionId })
    .whereNull('i.processed_at')
    .where('i.id', '>', args.afterId ?? 0)
    .orderBy('i.id')
    .limit(args.limit);
}

const toItem = (row: InboxRow): InboxItem => ({
  key: inboxItemKey(row),
  data: row.payload,
  inboxId: row.id,
  receivedAt: row.received_at,
});

/** Unprocessed payloads of a connection, oldest first (the order they arrived). */
export async function readInbox(args: ReadArgs): Promise<InboxItem[]> {
  const rows: InboxRow[] = await unprocessed(args).select('i.id', 'i.delivery_key', 'i.payload', 'i.received_at');
  return rows.map(toItem);
}

/**
 * readInbox for a run: also the ledger's entry of each payload already delivered (its
 * object id), read by the same statement, so an instant run asks the database once
 * before sending instead of twice.
 */
export async function readInboxWithLedger(
  args: ReadArgs,
): Promise<{ items: InboxItem[]; delivered: Map<string, string | null> }> {
  const rows: Array<InboxRow & { delivered: boolean; destination_object_id: string | null }> = await unprocessed(args)
    .leftJoin('ledger as l', (join) => {
      join.on('l.connection_id', '=', 'i.connection_id').andOn('l.item_key', '=', args.db.raw(ITEM_KEY_SQL));
    })
    .select(
      'i.id',
      'i.delivery_key',
      'i.payload',
      'i.received_at',
      'l.destination_object_id',
      args.db.raw('l.item_key is not null as delivered'),
    );
  const items = rows.map(toItem);
  const delivered = new Map<string, string | null>();
  rows.forEach((row, index) => {
    if (row.delivered) delivered.set(items[index]!.key, row.destination_object_id);
  });
  return { items, delivered };
}

/**
 * Marks payloads as handled by a run; call it in the transaction that records their
 * items, so a payload is either processed and recorded or neither. Returns how many
 * were still unprocessed.
 */
export async function markProcessed(trx: Db, ids: number[], runId: string): Promise<number> {
  if (ids.length === 0) return 0;
  return trx('webhook_inbox').whereIn('id', ids).whereNull('processed_at').update({ processed_at: trx.fn.now(), run_id: runId });
}

/** The newest payloads of a connection in a workspace (processed or not), newest first. */
export async function recentPayloads(args: {
  db: Db;
  workspaceId: string;
  connectionId: string;
  limit: number;
}): Promise<RecentPayload[]> {
  const rows: InboxRow[] = await args
    .db('webhook_inbox as i')
    .join('connections as c', 'c.id', 'i.connection_id')
    .select('i.id', 'i.delivery_key', 'i.payload', 'i.headers', 'i.received_at', 'i.processed_at')
    .where({ 'i.connection_id': args.connectionId, 'c.workspace_id': args.workspaceId })
    // Emptied by retention (kept only to recognise replays): nothing left to show.
    .whereNull('i.pruned_at')
    .orderBy('i.id', 'desc')
    .limit(args.limit);
  return rows.map((row) => ({
    id: row.id,
    key: inboxItemKey(row),
    payload: row.payload,
    headers: row.headers,
    receivedAt: row.received_at,
    processedAt: row.processed_at,
  }));
}
