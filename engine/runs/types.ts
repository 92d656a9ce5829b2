import type { NotSent } from '../../connectors/sdk';

// 'send': a person asked to send items an earlier run did not send (retry_of_run_id names it).
// 'test': a test send from the wizard, recorded as a run of one item.
export type RunTrigger = 'schedule' | 'manual' | 'after' | 'retry' | 'webhook' | 'send' | 'test';
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';
// 'not_attempted': the run stopped (an auth or config failure) before the item's turn;
// the next run sends it.
export type ItemStatus = 'sent' | 'skipped' | 'failed' | 'not_attempted';

export interface RunRecord {
  id: string;
  workspace_id: string;
  connection_id: string;
  trigger: RunTrigger;
  status: RunStatus;
  due_at: Date | null;
  after_run_id: string | null;
  retry_of_run_id: string | null;
  items_total: number;
  items_sent: number;
  items_skipped: number;
  items_failed: number;
  items_not_attempted: number;
  error: { message: string; kind?: string; details?: Record<string, unknown> } | null;
  worker_id: string | null;
  lease_expires_at: Date | null;
  attempt: number;
  /** Times a worker died holding this run and another took it over. */
  takeovers: number;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface ItemOutcome {
  itemKey: string;
  status: ItemStatus;
  source: Record<string, unknown>;
  mapped: Record<string, unknown> | null;
  destinationObjectId: string | null;
  error: Record<string, unknown> | null;
  attempts: number;
  /** What the destination reported beyond the object id (a summary line, a dashboard link, e.g. a payment link's URL). */
  result?: ItemResult | null;
  /** Why the source did not send the item (status 'skipped'); absent for every other item. */
  note?: NotSent | null;
}

export interface ItemResult {
  summary: string | null;
  url: string | null;
  output: Record<string, unknown> | null;
}

export const FINISHED_STATUSES: RunStatus[] = ['succeeded', 'partial', 'failed'];
