import type { SourceItem } from '../../connectors/sdk';
import type { ConnectionRecord } from './types';

// The mapping step previews after every edit. Reading the source each time cost a polled
// source (a sheet) two Google requests per keystroke pause, so a few minutes of editing
// used up a Google account's per-minute budget and the previews queued behind it. The
// source does not change because the mapping did: previews reuse a read this recent.
// The test step's preview, its samples and a test send read afresh (and refresh what is kept).
const KEEP_MS = 30_000;
const MAX_KEPT = 500;

interface Kept {
  at: number;
  items: SourceItem[];
}

const kept = new Map<string, Kept>();

/** Which read a sample belongs to: the connection and everything that decides what its source gives. */
function readKey(record: ConnectionRecord, limit: number): string {
  return JSON.stringify([
    record.workspace_id,
    record.id,
    record.source_connector,
    record.source_trigger,
    record.source_account_id,
    record.source_options,
    limit,
  ]);
}

export function recentRead(record: ConnectionRecord, limit: number, now = Date.now()): SourceItem[] | undefined {
  const key = readKey(record, limit);
  const found = kept.get(key);
  if (!found) return undefined;
  if (now - found.at > KEEP_MS) {
    kept.delete(key);
    return undefined;
  }
  return found.items;
}

export function keepRead(record: ConnectionRecord, limit: number, items: SourceItem[], now = Date.now()): void {
  const key = readKey(record, limit);
  kept.delete(key); // re-inserted last: the Map's order is the order of use
  kept.set(key, { at: now, items });
  while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
}
