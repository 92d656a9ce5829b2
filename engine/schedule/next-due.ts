import { nextCronInstant } from './cron';
import type { IntervalSchedule, Schedule, TimesSchedule } from './types';
import { addDays, instantOfWallTime, localDate } from './wall-time';

const MINUTE = 60_000;

/**
 * The 5-minute lead rule: when a schedule is saved or a connection enabled, a time of day
 * must be MORE than this far ahead to count for today; otherwise the first run is the
 * next day's. It gives people a moment between saving and the first run.
 */
export const LEAD_MS = 5 * MINUTE;

/**
 * The first due time after a schedule is saved or its connection is enabled; null for a
 * manual schedule (such a connection only runs by hand or after another connection).
 */
export function firstDueAt(schedule: Schedule, now: Date, workspaceTimezone: string): Date | null {
  switch (schedule.type) {
    case 'manual':
      return null;
    case 'interval':
      if (schedule.anchor === undefined) return new Date(now.getTime() + schedule.minutes * MINUTE);
      return new Date(nextIntervalSlot(schedule, Date.parse(schedule.anchor), now.getTime()));
    case 'times':
      return new Date(nextTimeOfDay(schedule, workspaceTimezone, now.getTime() + LEAD_MS));
    // A cron expression names times of day too, so the same lead gives people the same moment.
    case 'cron':
      return new Date(nextCronInstant(schedule.expression, schedule.timezone || workspaceTimezone, now.getTime() + LEAD_MS));
  }
}

/**
 * The due time that follows a run enqueued for `previousDueAt`. Missed slots are skipped:
 * after downtime a connection runs once (for the slot that was due) and then returns to its
 * schedule, so the result is always strictly after both `previousDueAt` and `now`.
 * The lead rule does not apply here.
 */
export function nextDueAfter(schedule: Schedule, previousDueAt: Date, now: Date, workspaceTimezone = 'UTC'): Date | null {
  const after = Math.max(previousDueAt.getTime(), now.getTime());
  switch (schedule.type) {
    case 'manual':
      return null;
    case 'interval': {
      const origin = schedule.anchor === undefined ? previousDueAt.getTime() : Date.parse(schedule.anchor);
      return new Date(nextIntervalSlot(schedule, origin, after));
    }
    case 'times':
      return new Date(nextTimeOfDay(schedule, workspaceTimezone, after));
    case 'cron':
      return new Date(nextCronInstant(schedule.expression, schedule.timezone || workspaceTimezone, after));
  }
}

/**
 * What a connection's next_run_at should be once it is saved or enabled: null when it is
 * disabled, follows another connection, or has a manual (or no) schedule.
 */
export function nextRunAtOnSave(
  connection: { schedule: Schedule | null; runAfter: string | null; enabled: boolean },
  now: Date,
  workspaceTimezone: string,
): Date | null {
  if (!connection.enabled || connection.runAfter !== null || connection.schedule === null) return null;
  return firstDueAt(connection.schedule, now, workspaceTimezone);
}

/** The first slot origin + k * minutes (k >= 0) strictly after `after`. */
function nextIntervalSlot(schedule: IntervalSchedule, origin: number, after: number): number {
  if (origin > after) return origin;
  const step = schedule.minutes * MINUTE;
  return origin + (Math.floor((after - origin) / step) + 1) * step;
}

/** The earliest occurrence of any of the schedule's times strictly after `after`. */
function nextTimeOfDay(schedule: TimesSchedule, workspaceTimezone: string, after: number): number {
  const timezone = schedule.timezone || workspaceTimezone;
  const today = localDate(timezone, after);
  let best = Number.POSITIVE_INFINITY;
  // Yesterday's date can still lie ahead when a gap pushed it forward; three days ahead
  // covers a zone that skipped a whole calendar day (Pacific/Apia, 2011).
  for (let days = -1; days <= 3; days += 1) {
    const date = addDays(today, days);
    for (const time of schedule.times) {
      const [hour, minute] = parseTimeOfDay(time);
      const instant = instantOfWallTime(timezone, { ...date, hour, minute });
      if (instant > after && instant < best) best = instant;
    }
    if (best !== Number.POSITIVE_INFINITY && days >= 1) break;
  }
  if (best === Number.POSITIVE_INFINITY) throw new Error('A times schedule needs at least one time of day.');
  return best;
}

export function parseTimeOfDay(time: string): [number, number] {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`"${time}" is not a time of day (HH:MM).`);
  return [Number(match[1]), Number(match[2])];
}
