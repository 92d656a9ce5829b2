import type { ConnectorContext, JsonObject, PollingTrigger, SourceItem } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { ConnectorError } from '../../connectors/sdk';
import type { ConnectionRecord } from '../connections/types';
import type { EarlierAttempt } from './attempts';
import type { RunRecord } from '../runs/types';
import { readCursor, writeCursor } from '../runs/repository';
import type { Db } from '../store/db';
import { readInboxWithLedger } from '../webhooks/inbox';
import { workspaceTimezone } from '../workspaces/repository';

/** An item on its way through a run; `inboxId` ties a webhook item to its stored delivery. */
export interface FeedItem extends SourceItem {
  inboxId?: number;
  /** Set when the item was attempted before without a recorded outcome (attempts.ts). */
  earlierAttempt?: EarlierAttempt;
}

export interface FeedBatch {
  items: FeedItem[];
  /** Set on the last batch of a polling read: store it with the records it covers. */
  cursor?: { value: unknown };
  /** The ledger's entries for these items (key -> object id) when the feed read them along. */
  delivered?: Map<string, string | null>;
}

export interface SourceFeed {
  /**
   * `settle` is the run's: it waits for the items the run has in flight and says whether
   * the run may go on. A webhook feed calls it when the inbox looks empty, then reads
   * again; polling feeds end with their read.
   */
  batches(settle?: () => Promise<boolean>): AsyncIterable<FeedBatch>;
}

const PAGE = 500;

/** Items of a polling source (Sheets) that are new since the stored cursor. */
function pollingFeed(args: {
  db: Db;
  run: RunRecord;
  connection: ConnectionRecord;
  trigger: PollingTrigger;
  credentials: JsonObject;
  context: ConnectorContext;
}): SourceFeed {
  return {
    async *batches() {
      const { db, connection, trigger, credentials } = args;
      // Dates a source writes as text (a Stripe object's created_iso) follow the workspace's zone.
      const context = { ...args.context, timezone: await workspaceTimezone(db, connection.workspace_id) };
      let stored = await readCursor(db, connection.id);
      if (!stored) {
        // No baseline yet (the connection was never enabled): take it now, as enabling
        // would, so "only rows added from now on" holds for a first manual run too.
        const from = connection.source_options.startFrom === 'beginning' ? 'beginning' : 'now';
        stored = { value: await trigger.startCursor({ credentials, options: connection.source_options, from, context }) };
        await writeCursor(db, connection.id, stored.value);
      }
      for await (const batch of trigger.read({
        credentials,
        options: connection.source_options,
        cursor: stored.value,
        context,
        runId: args.run.id,
      })) {
        yield { items: batch.items, cursor: batch.cursor === undefined ? undefined : { value: batch.cursor } };
      }
    },
  };
}

/**
 * Webhook deliveries stored in the inbox and not processed yet, oldest first. Payloads
 * that arrive while the run's items are with the destination are read by this run once
 * they are back, rather than by a run queued after it: starting a run costs a payload far
 * more (claim, connection, credentials) than that wait. The first page is read as soon as
 * the feed is made, while the run loads its credentials.
 */
function inboxFeed(db: Db, connectionId: string): SourceFeed {
  const read = (afterId: number) => readInboxWithLedger({ db, connectionId, limit: PAGE, afterId });
  let firstPage: ReturnType<typeof read> | null = read(0);
  // A run that fails before reading (its account is gone) must not leave a rejection unheard.
  firstPage.catch(() => undefined);
  return {
    async *batches(settle) {
      // Ids are drawn before rows commit, so a payload may appear behind one already read:
      // after settling, the inbox is read again from its start, without what was yielded.
      const yielded = new Set<number>();
      let afterId = 0;
      let settled = false;
      for (;;) {
        const page = firstPage ?? read(afterId);
        firstPage = null;
        const { items: all, delivered } = await page;
        const items = all.filter((item) => !yielded.has(item.inboxId));
        if (all.length === PAGE) afterId = all[all.length - 1]!.inboxId;
        if (items.length === 0 && all.length === PAGE) continue;
        if (items.length === 0) {
          if (settled || !settle || !(await settle())) return;
          settled = true;
          afterId = 0;
          continue;
        }
        settled = false;
        for (const item of items) yielded.add(item.inboxId);
        if (all.length < PAGE) afterId = all[all.length - 1]!.inboxId;
        yield { items, delivered };
      }
    },
  };
}

/**
 * Items of an earlier run read back from its run log: its failed items (retry), or the
 * items a person asked to send that were not sent since (send).
 */
function runLogFeed(db: Db, run: RunRecord, earlierRunId: string): SourceFeed {
  return {
    async *batches() {
      let afterId = 0;
      for (;;) {
        const query = db('run_items as i')
          .select('i.id', 'i.item_key', 'i.source')
          .where('i.run_id', earlierRunId)
          .andWhere('i.id', '>', afterId)
          .orderBy('i.id')
          .limit(PAGE);
        if (run.trigger === 'send') {
          query
            .whereNotNull('i.send_requested_at')
            .whereNotExists(db('ledger as l').whereRaw('l.connection_id = i.connection_id and l.item_key = i.item_key'));
        } else {
          query.andWhere('i.status', 'failed');
        }
        const rows = (await query) as Array<{ id: number; item_key: string; source: JsonObject }>;
        if (rows.length === 0) return;
        afterId = rows[rows.length - 1]!.id;
        yield { items: rows.map((row) => ({ key: row.item_key, data: row.source })) };
      }
    },
  };
}

export function sourceFeedFor(args: {
  db: Db;
  run: RunRecord;
  connection: ConnectionRecord;
  registry: ConnectorRegistry;
  credentials: JsonObject;
  context: ConnectorContext;
}): SourceFeed {
  const { db, run, connection } = args;
  if ((run.trigger === 'retry' || run.trigger === 'send') && run.retry_of_run_id) return runLogFeed(db, run, run.retry_of_run_id);
  const trigger = args.registry.trigger(connection.source_connector, connection.source_trigger);
  if (!trigger) {
    throw new ConnectorError(
      'config',
      `The source ${connection.source_connector}/${connection.source_trigger} is not available in this version of Tributary.`,
    );
  }
  if (trigger.kind === 'push') return inboxFeed(db, connection.id);
  return pollingFeed({ db, run, connection, trigger, credentials: args.credentials, context: args.context });
}
