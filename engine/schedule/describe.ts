import { DateTime } from 'luxon';
import { addDays, localDate } from './wall-time';

/**
 * How the wizard says when a connection first runs, in the schedule's zone:
 * "today at 12:20 (Europe/Berlin)", "tomorrow at 12:10 (Europe/Berlin)", or for later
 * days "on Friday, 4 December at 09:00 (Europe/Berlin)" (with the year when it differs).
 */
export function describeFirstRun(dueAt: Date, timezone: string, now: Date): string {
  const due = DateTime.fromJSDate(dueAt, { zone: timezone }).setLocale('en-GB');
  const clock = due.toFormat('HH:mm');
  const today = localDate(timezone, now.getTime());
  const dueDay = { year: due.year, month: due.month, day: due.day };
  const sameDay = (a: typeof today, b: typeof today) => a.year === b.year && a.month === b.month && a.day === b.day;
  if (sameDay(dueDay, today)) return `today at ${clock} (${timezone})`;
  if (sameDay(dueDay, addDays(today, 1))) return `tomorrow at ${clock} (${timezone})`;
  const date = due.toFormat(due.year === today.year ? 'cccc, d LLLL' : 'cccc, d LLLL yyyy');
  return `on ${date} at ${clock} (${timezone})`;
}
