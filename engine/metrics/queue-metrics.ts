import { Gauge, Registry } from 'prom-client';
import { earliestDueTime } from '../scheduler/due-connections';
import type { Db } from '../store/db';

/**
 * The queue as the database has it, read at each scrape, so one process (the API) reports
 * it for every worker and scheduler. Each query uses a partial index on runs or the
 * scheduler's own due-time query: cheap however long the run history grows.
 */
export function queueMetrics(db: Db, clock: () => Date): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'tributary_runs',
    help: 'Runs waiting for a worker (queued) and being worked on (running), across all workers.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows = (await db('runs')
        .whereIn('status', ['queued', 'running'])
        .groupBy('status')
        .select('status', db.raw('count(*)::int as count'))) as Array<{ status: string; count: number }>;
      for (const status of ['queued', 'running']) {
        this.set({ status }, rows.find((row) => row.status === status)?.count ?? 0);
      }
    },
  });
  new Gauge({
    name: 'tributary_queue_lag_seconds',
    help: 'Age of the oldest queued run (0 when none waits): how far the workers are behind.',
    registers: [registry],
    async collect() {
      // The database's clock, the one that stamped queued_at.
      const result = await db.raw<{ rows: Array<{ lag: number | null }> }>(
        `select extract(epoch from now() - min(queued_at))::float8 as lag from runs where status = 'queued'`,
      );
      this.set(Math.max(0, result.rows[0]?.lag ?? 0));
    },
  });
  new Gauge({
    name: 'tributary_scheduler_overdue_seconds',
    help: 'How long the earliest due connection has waited to be queued (0 when none is due): grows when no scheduler runs.',
    // The scheduler's clock, the one due times are computed with.
    registers: [registry],
    async collect() {
      const due = await earliestDueTime(db);
      this.set(due ? Math.max(0, (clock().getTime() - due.getTime()) / 1000) : 0);
    },
  });
  return registry;
}
