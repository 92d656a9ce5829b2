export { processRegistry, itemsRecorded, destinationThrottled, schedulerLateness } from './process-metrics';
export { queueMetrics } from './queue-metrics';
