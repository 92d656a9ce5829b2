export { createRetention } from './retention';
export type { Retention, RetentionOptions, SweepResult } from './retention';
