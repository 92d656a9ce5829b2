export type { CronSchedule, IntervalSchedule, ManualSchedule, Schedule, ScheduleProblem, TimesSchedule } from './types';
export { firstDueAt, nextDueAfter, nextRunAtOnSave, LEAD_MS } from './next-due';
export { validateSchedule, isValidSchedule, scheduleJsonSchema, MAX_TIMES_PER_DAY, MAX_INTERVAL_MINUTES } from './validate';
export { describeFirstRun } from './describe';
export { findRunAfterCycle, formatRunAfterCycle } from './run-after';
export { instantOfWallTime } from './wall-time';
export { cronExpressionProblem, nextCronInstant } from './cron';
export { previewSchedule } from './preview';
export type { DueTimeShown, SchedulePreview } from './preview';
