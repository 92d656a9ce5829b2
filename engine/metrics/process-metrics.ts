import { Counter, Histogram, Registry } from 'prom-client';

/**
 * What this process saw happen: items recorded by its worker, Stripe's 429 answers to it,
 * how late its scheduler queued runs. Counters start at zero with the process (Prometheus'
 * rate() and increase() allow for restarts); every process that works serves its own, so
 * a dashboard sums them across processes. Labels name connectors and outcomes only, never
 * a workspace, a connection or anything a customer typed.
 */
export const processRegistry = new Registry();

export const itemsRecorded = new Counter({
  name: 'tributary_items_total',
  help: 'Items recorded in the run log, by destination connector and outcome (sent, skipped, failed).',
  labelNames: ['connector', 'status'] as const,
  registers: [processRegistry],
});

export const destinationThrottled = new Counter({
  name: 'tributary_destination_throttled_total',
  help: 'Answers 429 (rate limited) from a destination during runs, by connector; Stripe\'s 429s are connector="stripe".',
  labelNames: ['connector'] as const,
  registers: [processRegistry],
});

export const schedulerLateness = new Histogram({
  name: 'tributary_scheduler_lateness_seconds',
  help: 'How long after its due time the scheduler queued a scheduled run.',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
  registers: [processRegistry],
});
