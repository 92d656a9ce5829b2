import type { JsonSchema } from '../../connectors/sdk';
import type { RunRecord } from '../../engine/runs/types';

const time = { type: ['string', 'null'], format: 'date-time' };
const count = { type: 'integer', minimum: 0 };

/** A run as runView shows it, for the OpenAPI document. */
export const RUN_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'connectionId', 'trigger', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    connectionId: { type: 'string', format: 'uuid' },
    trigger: { type: 'string', examples: ['schedule', 'manual', 'after', 'retry', 'webhook'] },
    status: { type: 'string', examples: ['queued', 'running', 'succeeded', 'partial', 'failed'] },
    itemsTotal: count,
    itemsSent: count,
    itemsSkipped: count,
    itemsFailed: count,
    error: { type: ['object', 'null'] },
    queuedAt: { type: 'string', format: 'date-time' },
    startedAt: time,
    finishedAt: time,
    durationMs: { type: ['integer', 'null'] },
    retryOfRunId: { type: ['string', 'null'] },
    afterRunId: { type: ['string', 'null'] },
  },
};

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
    itemsNotAttempted: run.items_not_attempted,
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
