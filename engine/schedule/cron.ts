import { CronExpressionParser } from 'cron-parser';
import { validateDetailed } from 'node-cron';
import { occurrencesOfWallTime, setBackNear, wallClockAt } from './wall-time';

// Two libraries, each for what it does well: node-cron's detailed validation names the
// field at fault, so it decides what is accepted; cron-parser walks the calendar (last day
// of the month, "second Friday", leap years, day-of-month OR day-of-week). It walks a
// wall clock with no daylight saving (UTC), and our wall-time functions turn each wall
// time into instants with the same DST rules as a times-of-day schedule.

const EXAMPLE = 'for example 0 9 * * 1-5 (09:00 Monday to Friday)';
const FIELDS = 'minute hour day-of-month month day-of-week';
const FIELD_RULES: Record<string, { name: string; range: string }> = {
  minute: { name: 'minute', range: 'minutes are 0-59' },
  hour: { name: 'hour', range: 'hours are 0-23' },
  dayOfMonth: { name: 'day-of-month', range: 'days are 1-31, or L for the last day' },
  month: { name: 'month', range: 'months are 1-12 or JAN-DEC' },
  dayOfWeek: { name: 'day-of-week', range: 'weekdays are 0-7 (0 and 7 are Sunday) or SUN-SAT' },
};

// The scheduler re-validates every schedule it moves on; an expression's verdict never changes.
const verdicts = new Map<string, string | null>();

/** What is wrong with a cron expression, in words, or null when it is one Tributary can run. */
export function cronExpressionProblem(expression: unknown): string | null {
  if (typeof expression !== 'string' || expression.trim() === '') {
    return `Enter a cron expression of five fields (${FIELDS}), ${EXAMPLE}.`;
  }
  let verdict = verdicts.get(expression);
  if (verdict === undefined) {
    verdict = judge(expression.trim());
    if (verdicts.size < 10_000) verdicts.set(expression, verdict);
  }
  return verdict;
}

function judge(expression: string): string | null {
  const fields = expression.split(/\s+/);
  if (!expression.startsWith('@') && fields.length === 6) {
    return `"${expression}" has six fields, the first for seconds; Tributary runs on whole minutes, so write five (${FIELDS}), ${EXAMPLE}.`;
  }
  if (!expression.startsWith('@') && fields.length !== 5) {
    return `"${expression}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; a cron expression has five (${FIELDS}), ${EXAMPLE}.`;
  }
  const checked = validateDetailed(expression);
  if (!checked.valid) {
    const error = checked.errors[0];
    const rule = error ? FIELD_RULES[error.field] : undefined;
    if (error && /impossible/.test(error.message)) {
      return `"${expression}" never runs: day ${error.value ?? ''} does not exist in the month${/,|-|\*/.test(fields[3] ?? '') ? 's' : ''} given.`;
    }
    if (error && rule) return `In "${expression}", the ${rule.name} field "${error.value ?? ''}" is not valid: ${rule.range}.`;
    return `"${expression}" is not a cron expression Tributary can run (${error?.message ?? 'unknown reason'}); write five fields (${FIELDS}), ${EXAMPLE}.`;
  }
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' }).next();
  } catch (error) {
    return `"${expression}" cannot be scheduled: ${error instanceof Error ? error.message : String(error)}.`;
  }
  return null;
}

/**
 * The first instant strictly after `after` at which a cron expression falls due in
 * `timezone`. DST follows the times-of-day rules: a wall time the clocks skip runs at the
 * first minute after the jump (once, however many skipped minutes match), and a wall time
 * that occurs twice runs at its first occurrence only. The exception is an expression that
 * runs every hour ("*" or all 24 in the hour field): like classic cron, it runs in both
 * passes of a repeated hour, so "every 15 minutes" never pauses for an hour.
 */
export function nextCronInstant(expression: string, timezone: string, after: number): number {
  const wallAfter = wallClockAt(timezone, after);
  // Around clocks being set back, wall times just behind the current one come round again.
  const iterator = CronExpressionParser.parse(expression, {
    tz: 'UTC',
    currentDate: new Date(wallAfter - setBackNear(timezone, after)),
  });
  const everyHour = iterator.fields.hour.values.length === 24;
  let best = Number.POSITIVE_INFINITY;
  // First occurrences grow with the wall time, so once one is past the best found, no
  // later wall time can do better. The bound only guards against a library surprise.
  for (let step = 0; step < 10_000; step += 1) {
    const wall = new Date(iterator.next().getTime());
    const occurrences = occurrencesOfWallTime(timezone, {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
    });
    for (const instant of everyHour ? occurrences : occurrences.slice(0, 1)) {
      if (instant > after && instant < best) best = instant;
    }
    if (occurrences[0]! >= best) return best;
  }
  throw new Error(`The cron expression "${expression}" has no due time after ${new Date(after).toISOString()}.`);
}
