import Ajv from 'ajv';
import { firstDueAt, nextDueAfter, scheduleJsonSchema, validateSchedule } from '../../../engine/schedule';
import type { Schedule } from '../../../engine/schedule';
import { followingDueTimes, iso } from './fixtures';

const cron = (expression: string, timezone = 'Europe/Berlin'): Schedule => ({ type: 'cron', expression, timezone });

describe('validating a cron schedule', () => {
  it('accepts five fields with ranges, lists, steps, names and the last day of the month', () => {
    for (const expression of ['0 9 * * 1-5', '*/15 * * * *', '0 9,17 1-7 */2 *', '0 9 * JAN-MAR MON', '0 9 L * *', '@daily']) {
      expect(validateSchedule(cron(expression))).toEqual([]);
    }
  });

  it('refuses six fields, explaining that Tributary runs on whole minutes', () => {
    expect(validateSchedule(cron('0 0 9 * * 1-5'))).toEqual([
      {
        field: 'expression',
        message:
          '"0 0 9 * * 1-5" has six fields, the first for seconds; Tributary runs on whole minutes, so write five (minute hour day-of-month month day-of-week), for example 0 9 * * 1-5 (09:00 Monday to Friday).',
      },
    ]);
  });

  it('names the number of fields when there are too few', () => {
    expect(validateSchedule(cron('0 9 * *'))[0]?.message).toMatch(/^"0 9 \* \*" has 4 fields; a cron expression has five/);
  });

  it('names the field at fault and its range', () => {
    expect(validateSchedule(cron('0 25 * * *'))[0]?.message).toBe(
      'In "0 25 * * *", the hour field "25" is not valid: hours are 0-23.',
    );
    expect(validateSchedule(cron('0 9 * * FRI-FOO'))[0]?.message).toContain('the day-of-week field "FRI-FOO" is not valid');
    expect(validateSchedule(cron('0 9 * 13 *'))[0]?.message).toContain('the month field "13" is not valid: months are 1-12');
  });

  it('refuses a date that never exists', () => {
    expect(validateSchedule(cron('0 9 31 2 *'))[0]?.message).toBe(
      '"0 9 31 2 *" never runs: day 31 does not exist in the month given.',
    );
  });

  it('refuses a backwards range that cron tools read differently', () => {
    expect(validateSchedule(cron('5-1 * * * *'))[0]?.message).toMatch(/^"5-1 \* \* \* \*" cannot be scheduled: Invalid range/);
  });

  it('asks for an expression when there is none, and checks the zone', () => {
    expect(validateSchedule({ type: 'cron', expression: '  ', timezone: 'Mars/Olympus' }).map((p) => p.field)).toEqual([
      'expression',
      'timezone',
    ]);
  });

  it('is part of the schedule JSON Schema', () => {
    const validate = new Ajv({ strict: true }).compile(scheduleJsonSchema);
    expect(validate(cron('0 9 * * 1-5'))).toBe(true);
    expect(validate({ type: 'cron', expression: '0 9 * * 1-5', timezone: 'UTC', seconds: 0 })).toBe(false);
  });
});

describe('cron due times', () => {
  it('weekdays at 09:00 in Berlin skip the weekend', () => {
    expect(followingDueTimes(cron('0 9 * * 1-5'), '2026-06-11T09:00:00+02:00', 3)).toEqual([
      '2026-06-12T07:00:00.000Z', // Friday
      '2026-06-15T07:00:00.000Z', // Monday
      '2026-06-16T07:00:00.000Z',
    ]);
  });

  it('the last day of the month follows month lengths and leap years', () => {
    expect(followingDueTimes(cron('0 9 L * *', 'UTC'), '2027-12-31T09:00:00Z', 3)).toEqual([
      '2028-01-31T09:00:00.000Z',
      '2028-02-29T09:00:00.000Z',
      '2028-03-31T09:00:00.000Z',
    ]);
  });

  it('day 31 skips the months that have no 31st', () => {
    expect(followingDueTimes(cron('0 9 31 * *', 'UTC'), '2026-03-31T09:00:00Z', 2)).toEqual([
      '2026-05-31T09:00:00.000Z',
      '2026-07-31T09:00:00.000Z',
    ]);
  });

  it('February 29 comes round in the next leap year', () => {
    expect(followingDueTimes(cron('0 9 29 2 *', 'UTC'), '2026-01-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T09:00:00.000Z',
      '2032-02-29T09:00:00.000Z',
    ]);
  });

  it('reads the wall clock of the zone across a year end (America/New_York)', () => {
    expect(followingDueTimes(cron('30 23 * * *', 'America/New_York'), '2026-12-30T23:30:00-05:00', 2)).toEqual([
      '2027-01-01T04:30:00.000Z',
      '2027-01-02T04:30:00.000Z',
    ]);
  });

  it('after downtime, runs once for the next slot after now, not once per missed slot', () => {
    const schedule = cron('0 * * * *', 'UTC');
    expect(nextDueAfter(schedule, iso('2026-06-10T08:00:00Z'), iso('2026-06-10T13:20:00Z'))).toEqual(iso('2026-06-10T14:00:00Z'));
  });

  it('the 5-minute lead rule applies when the schedule is saved, as for times of day', () => {
    expect(firstDueAt(cron('0 9 * * 1-5'), iso('2026-06-10T08:57:00+02:00'), 'UTC')).toEqual(iso('2026-06-11T09:00:00+02:00'));
    expect(firstDueAt(cron('0 9 * * 1-5'), iso('2026-06-10T08:54:00+02:00'), 'UTC')).toEqual(iso('2026-06-10T09:00:00+02:00'));
  });

  it('falls back to the workspace zone when the schedule has none', () => {
    const schedule = { type: 'cron' as const, expression: '0 9 * * *', timezone: '' };
    expect(firstDueAt(schedule, iso('2026-06-10T05:00:00Z'), 'America/New_York')).toEqual(iso('2026-06-10T09:00:00-04:00'));
  });
});

describe('cron and daylight saving (Europe/Berlin)', () => {
  it('a time in the spring-forward gap (02:30 on Mar 29) runs at 03:00, the first minute after the jump', () => {
    expect(followingDueTimes(cron('30 2 * * *'), '2026-03-28T02:30:00+01:00', 2)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
  });

  it('every 15 minutes runs once at 03:00 for the skipped hour, then carries on', () => {
    expect(followingDueTimes(cron('*/15 * * * *'), '2026-03-29T01:45:00+01:00', 3)).toEqual([
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-29T01:15:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
  });

  it('a daily time that occurs twice (02:30 on Oct 25) runs once, at its first occurrence', () => {
    expect(followingDueTimes(cron('30 2 * * *'), '2026-10-24T02:30:00+02:00', 2)).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('an every-hour expression runs in both passes of the repeated hour, like classic cron', () => {
    expect(followingDueTimes(cron('*/30 * * * *'), '2026-10-25T01:30:00+02:00', 5)).toEqual([
      '2026-10-25T00:00:00.000Z', // 02:00 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T01:00:00.000Z', // 02:00 CET
      '2026-10-25T01:30:00.000Z', // 02:30 CET
      '2026-10-25T02:00:00.000Z', // 03:00 CET
    ]);
  });

  it('weekdays at 09:00 stay at 09:00 local through both changes', () => {
    expect(nextDueAfter(cron('0 9 * * 1-5'), iso('2026-03-27T09:00:00+01:00'), iso('2026-03-27T09:00:00+01:00'))).toEqual(
      iso('2026-03-30T09:00:00+02:00'),
    );
    expect(nextDueAfter(cron('0 9 * * 1-5'), iso('2026-10-23T09:00:00+02:00'), iso('2026-10-23T09:00:00+02:00'))).toEqual(
      iso('2026-10-26T09:00:00+01:00'),
    );
  });
});

describe('cron and daylight saving (America/New_York)', () => {
  it('a time in the spring-forward gap (02:15 on Mar 8) runs at 03:00 EDT', () => {
    expect(followingDueTimes(cron('15 2 * * *', 'America/New_York'), '2026-03-07T02:15:00-05:00', 1)).toEqual([
      '2026-03-08T07:00:00.000Z',
    ]);
  });

  it('a time that occurs twice (01:30 on Nov 1) runs once, at 01:30 EDT', () => {
    expect(followingDueTimes(cron('30 1 * * *', 'America/New_York'), '2026-10-31T01:30:00-04:00', 2)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
  });
});
