export { createScheduler } from './scheduler';
export type { Scheduler, SchedulerOptions, TickResult } from './scheduler';
export { enqueueDependents, listDependents } from './dependents';
