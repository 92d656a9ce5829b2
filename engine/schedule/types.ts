/**
 * When a connection runs on its own. A connection with `runAfter` set (a separate field of
 * the connection document) is not scheduled on its own: it runs after each finished run of
 * the connection it follows, whatever its schedule says.
 */
export type Schedule = IntervalSchedule | TimesSchedule | CronSchedule | ManualSchedule;

export interface IntervalSchedule {
  type: 'interval';
  /** Every N minutes, 1..1440. */
  minutes: number;
  /**
   * Optional ISO timestamp the due times are counted from (anchor + k * minutes). Without
   * it, each due time is counted from the previous due time, which is drift-free as well
   * because it is the slot, not the moment the run finished.
   */
  anchor?: string;
}

export interface TimesSchedule {
  type: 'times';
  /** Times of day, "HH:MM", in `timezone`; kept as wall-clock times, never as UTC. */
  times: string[];
  /** IANA zone, e.g. "Europe/Berlin"; the API fills in the workspace's zone when omitted. */
  timezone: string;
}

/** For power users: a five-field cron expression ("0 9 * * 1-5"), read on the zone's wall clock. */
export interface CronSchedule {
  type: 'cron';
  /** minute hour day-of-month month day-of-week, or a macro such as @daily. */
  expression: string;
  /** IANA zone; the API fills in the workspace's zone when omitted. */
  timezone: string;
}

export interface ManualSchedule {
  type: 'manual';
}

export interface ScheduleProblem {
  /** Path inside the schedule, e.g. "times[1]" or "timezone". */
  field: string;
  message: string;
}
