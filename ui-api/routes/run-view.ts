import type { RunRecord } from '../../engine/runs/types';

/** A run as the API shows it: camelCase, with its duration. */
export function runView(run: RunRecord) {
  return {
    id: run.id,
    connectionId: run.connection_id,
    trigger: run.trigger,
    status: run.status,
    itemsTotal: run.items_total,
    itemsSent: run.items_sent,
    itemsSkipped: run.items_skipped,
    itemsFailed: run.items_failed,
    error: run.error,
    queuedAt: run.queued_at,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    durationMs:
      run.started_at && run.finished_at ? new Date(run.finished_at).getTime() - new Date(run.started_at).getTime() : null,
    retryOfRunId: run.retry_of_run_id,
    afterRunId: run.after_run_id,
  };
}
