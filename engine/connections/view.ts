import type { JsonObject } from '../../connectors/sdk';
import { describeFirstRun } from '../schedule';
import type { RunRecord } from '../runs/types';
import { webhookUrl } from '../webhooks/token';
import type { ConnectionDocument } from './document';
import type { ConnectionRecord } from './types';

export interface LastRunSummary {
  id: string;
  status: RunRecord['status'];
  trigger: RunRecord['trigger'];
  queuedAt: Date;
  finishedAt: Date | null;
  itemsSent: number;
  itemsSkipped: number;
  itemsFailed: number;
}

export interface ConnectionView extends ConnectionDocument {
  id: string;
  enabled: boolean;
  nextRunAt: Date | null;
  /** "tomorrow at 12:10 (Europe/Berlin)", for the wizard; null when nothing is due. */
  nextRunDescription: string | null;
  lastRun: LastRunSummary | null;
  webhookUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The document a person exported (or could import) for this connection. */
export function toDocument(record: ConnectionRecord): ConnectionDocument {
  return {
    name: record.name,
    source: {
      connector: record.source_connector,
      trigger: record.source_trigger,
      account: record.source_account_id,
      options: record.source_options,
    },
    destination:
      record.destination_connector && record.destination_action
        ? {
            connector: record.destination_connector,
            action: record.destination_action,
            account: record.destination_account_id,
            options: record.destination_options,
          }
        : null,
    mapping: record.mapping,
    schedule: (record.schedule as ConnectionDocument['schedule']) ?? null,
    runAfter: record.run_after,
    enabled: record.enabled,
  };
}

export function summarizeRun(run: RunRecord | null | undefined): LastRunSummary | null {
  if (!run) return null;
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    queuedAt: run.queued_at,
    finishedAt: run.finished_at,
    itemsSent: run.items_sent,
    itemsSkipped: run.items_skipped,
    itemsFailed: run.items_failed,
  };
}

export function toView(
  record: ConnectionRecord,
  extra: { lastRun: RunRecord | null | undefined; publicUrl: string; timezone: string; now: Date },
): ConnectionView {
  const schedule = record.schedule as JsonObject | null;
  const zone = typeof schedule?.timezone === 'string' ? schedule.timezone : extra.timezone;
  return {
    id: record.id,
    ...toDocument(record),
    enabled: record.enabled,
    nextRunAt: record.next_run_at,
    nextRunDescription: record.next_run_at ? describeFirstRun(record.next_run_at, zone, extra.now) : null,
    lastRun: summarizeRun(extra.lastRun),
    webhookUrl: record.webhook_token ? webhookUrl(extra.publicUrl, record.webhook_token) : null,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
  };
}
