import { describeFirstRun } from './describe';
import { firstDueAt, nextDueAfter } from './next-due';
import type { Schedule } from './types';

export interface DueTimeShown {
  at: Date;
  /** "today at 12:20 (Europe/Berlin)", "tomorrow at 09:00 (...)", "on Friday, 4 December at ...". */
  description: string;
}

export interface SchedulePreview {
  /** When the connection would first run if the schedule were saved (or switched on) now. */
  first: DueTimeShown | null;
  /** For times of day: each time's own first run, in the order given, so each says today or tomorrow. */
  times: Array<{ time: string; first: DueTimeShown }>;
  /** The first few due times from `first` on, for a cron expression or an interval. */
  upcoming: DueTimeShown[];
}

/**
 * What a schedule means right now, for the wizard, computed by the same functions the
 * scheduler uses: the first run after saving (the 5-minute lead rule included), each time
 * of day's own first run, and the next few due times.
 */
export function previewSchedule(schedule: Schedule, now: Date, workspaceTimezone: string, count = 3): SchedulePreview {
  const zone = 'timezone' in schedule && schedule.timezone ? schedule.timezone : workspaceTimezone;
  const shown = (at: Date): DueTimeShown => ({ at, description: describeFirstRun(at, zone, now) });
  const first = firstDueAt(schedule, now, workspaceTimezone);
  const times =
    schedule.type === 'times'
      ? schedule.times.map((time) => ({
          time,
          first: shown(firstDueAt({ ...schedule, times: [time] }, now, workspaceTimezone)!),
        }))
      : [];
  const upcoming: DueTimeShown[] = [];
  for (let at = first; at && upcoming.length < count; at = nextDueAfter(schedule, at, at, workspaceTimezone)) {
    upcoming.push(shown(at));
  }
  return { first: first ? shown(first) : null, times, upcoming };
}
