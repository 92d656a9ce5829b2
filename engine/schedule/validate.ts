import { IANAZone } from 'luxon';
import { cronExpressionProblem } from './cron';
import type { Schedule, ScheduleProblem } from './types';

export const MAX_TIMES_PER_DAY = 24;
export const MAX_INTERVAL_MINUTES = 1440;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * JSON Schema of a schedule for the API's ajv validation (no custom formats needed).
 * It checks shape only; `validateSchedule` adds what a schema cannot say well (a known
 * time zone, a readable message per duplicate time).
 */
export const scheduleJsonSchema = {
  $id: 'tributary/schedule',
  oneOf: [
    {
      type: 'object',
      properties: {
        type: { const: 'interval' },
        minutes: { type: 'integer', minimum: 1, maximum: MAX_INTERVAL_MINUTES },
        anchor: { type: 'string' },
      },
      required: ['type', 'minutes'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        type: { const: 'times' },
        times: {
          type: 'array',
          items: { type: 'string', pattern: TIME_OF_DAY.source },
          minItems: 1,
          maxItems: MAX_TIMES_PER_DAY,
          uniqueItems: true,
        },
        timezone: { type: 'string', minLength: 1 },
      },
      required: ['type', 'times', 'timezone'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        type: { const: 'cron' },
        expression: { type: 'string', minLength: 1, maxLength: 200 },
        timezone: { type: 'string', minLength: 1 },
      },
      required: ['type', 'expression', 'timezone'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { type: { const: 'manual' } },
      required: ['type'],
      additionalProperties: false,
    },
  ],
} as const;

// Checking a zone builds an Intl formatter, which is slow; the scheduler validates every
// schedule it moves on, and zones do not come and go while a process runs.
const knownZones = new Map<string, boolean>();
function isKnownZone(timezone: string): boolean {
  let known = knownZones.get(timezone);
  if (known === undefined) {
    known = IANAZone.isValidZone(timezone);
    if (knownZones.size < 10_000) knownZones.set(timezone, known);
  }
  return known;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem with a schedule, each naming its field and what to do; empty when valid. */
export function validateSchedule(input: unknown): ScheduleProblem[] {
  if (!isRecord(input)) {
    return [{ field: 'type', message: 'A schedule must be an object with a type: interval, times, cron or manual.' }];
  }
  switch (input.type) {
    case 'interval':
      return validateInterval(input);
    case 'times':
      return validateTimes(input);
    case 'cron':
      return validateCron(input);
    case 'manual':
      return [];
    default:
      return [{ field: 'type', message: 'Choose a schedule type: interval, times, cron or manual.' }];
  }
}

/** Narrows input after `validateSchedule` found no problems. */
export function isValidSchedule(input: unknown): input is Schedule {
  return validateSchedule(input).length === 0;
}

function validateInterval(input: Record<string, unknown>): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const minutes = input.minutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_INTERVAL_MINUTES) {
    problems.push({
      field: 'minutes',
      message: `The interval must be a whole number of minutes from 1 to ${MAX_INTERVAL_MINUTES} (one day).`,
    });
  }
  if (input.anchor !== undefined && (typeof input.anchor !== 'string' || Number.isNaN(Date.parse(input.anchor)))) {
    problems.push({ field: 'anchor', message: 'The anchor must be a date and time such as 2026-01-01T09:00:00Z.' });
  }
  return problems;
}

function validateTimes(input: Record<string, unknown>): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const times = input.times;
  if (!Array.isArray(times) || times.length === 0) {
    problems.push({ field: 'times', message: 'Add at least one time of day, such as 09:00.' });
  } else {
    if (times.length > MAX_TIMES_PER_DAY) {
      problems.push({
        field: 'times',
        message: `A schedule can have at most ${MAX_TIMES_PER_DAY} times a day; for more, use an interval.`,
      });
    }
    const seen = new Set<string>();
    times.forEach((time: unknown, index) => {
      const field = `times[${index}]`;
      if (typeof time !== 'string' || !TIME_OF_DAY.test(time)) {
        problems.push({ field, message: `"${String(time)}" is not a time of day; use HH:MM from 00:00 to 23:59.` });
      } else if (seen.has(time)) {
        problems.push({ field, message: `${time} is listed twice; remove one.` });
      } else {
        seen.add(time);
      }
    });
  }
  return [...problems, ...timezoneProblems(input.timezone)];
}

function validateCron(input: Record<string, unknown>): ScheduleProblem[] {
  const problem = cronExpressionProblem(input.expression);
  return [...(problem ? [{ field: 'expression', message: problem }] : []), ...timezoneProblems(input.timezone)];
}

function timezoneProblems(timezone: unknown): ScheduleProblem[] {
  if (typeof timezone !== 'string' || timezone === '') {
    return [{ field: 'timezone', message: 'Choose a time zone, such as Europe/Berlin.' }];
  }
  if (!isKnownZone(timezone)) {
    return [
      {
        field: 'timezone',
        message: `"${timezone}" is not a known time zone; use an IANA name such as Europe/Berlin or America/New_York.`,
      },
    ];
  }
  return [];
}
