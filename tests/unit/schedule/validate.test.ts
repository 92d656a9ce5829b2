import Ajv from 'ajv';
import { scheduleJsonSchema, validateSchedule } from '../../../engine/schedule';

const fields = (input: unknown) => validateSchedule(input).map((problem) => problem.field);

describe('validating a schedule', () => {
  it('accepts an interval, a times schedule and a manual schedule', () => {
    expect(validateSchedule({ type: 'interval', minutes: 15 })).toEqual([]);
    expect(validateSchedule({ type: 'interval', minutes: 60, anchor: '2026-01-01T00:00:00Z' })).toEqual([]);
    expect(validateSchedule({ type: 'times', times: ['00:00', '09:00', '23:59'], timezone: 'Europe/Berlin' })).toEqual([]);
    expect(validateSchedule({ type: 'manual' })).toEqual([]);
  });

  it('rejects an interval of 0, of more than a day, or of part of a minute', () => {
    for (const minutes of [0, 1441, 2.5, '15']) {
      expect(validateSchedule({ type: 'interval', minutes })).toEqual([
        { field: 'minutes', message: 'The interval must be a whole number of minutes from 1 to 1440 (one day).' },
      ]);
    }
  });

  it('accepts the interval bounds 1 and 1440', () => {
    expect(validateSchedule({ type: 'interval', minutes: 1 })).toEqual([]);
    expect(validateSchedule({ type: 'interval', minutes: 1440 })).toEqual([]);
  });

  it('names an anchor that is not a date', () => {
    expect(fields({ type: 'interval', minutes: 5, anchor: 'soon' })).toEqual(['anchor']);
  });

  it('names each time that is not HH:MM from 00:00 to 23:59', () => {
    const problems = validateSchedule({ type: 'times', times: ['09:00', '24:00', '9:00', '12:60'], timezone: 'UTC' });
    expect(problems.map((problem) => problem.field)).toEqual(['times[1]', 'times[2]', 'times[3]']);
    expect(problems[0]!.message).toBe('"24:00" is not a time of day; use HH:MM from 00:00 to 23:59.');
  });

  it('names a duplicate time', () => {
    expect(validateSchedule({ type: 'times', times: ['09:00', '12:00', '09:00'], timezone: 'UTC' })).toEqual([
      { field: 'times[2]', message: '09:00 is listed twice; remove one.' },
    ]);
  });

  it('needs between one and 24 times', () => {
    expect(fields({ type: 'times', times: [], timezone: 'UTC' })).toEqual(['times']);
    const hourly = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`);
    expect(validateSchedule({ type: 'times', times: hourly, timezone: 'UTC' })).toEqual([]);
    expect(validateSchedule({ type: 'times', times: [...hourly, '12:30'], timezone: 'UTC' })).toEqual([
      { field: 'times', message: 'A schedule can have at most 24 times a day; for more, use an interval.' },
    ]);
  });

  it('rejects a time zone that is not a known IANA zone, naming it', () => {
    expect(validateSchedule({ type: 'times', times: ['09:00'], timezone: 'Mars/Olympus' })).toEqual([
      {
        field: 'timezone',
        message: '"Mars/Olympus" is not a known time zone; use an IANA name such as Europe/Berlin or America/New_York.',
      },
    ]);
    expect(fields({ type: 'times', times: ['09:00'] })).toEqual(['timezone']);
  });

  it('accepts zones with unusual offsets', () => {
    expect(validateSchedule({ type: 'times', times: ['09:00'], timezone: 'Asia/Kathmandu' })).toEqual([]);
    expect(validateSchedule({ type: 'times', times: ['09:00'], timezone: 'Pacific/Apia' })).toEqual([]);
  });

  it('rejects an unknown type or a non-object', () => {
    expect(fields({ type: 'weekly', day: 'monday' })).toEqual(['type']);
    expect(fields('every day')).toEqual(['type']);
    expect(fields(null)).toEqual(['type']);
  });
});

describe('the schedule JSON Schema', () => {
  const validate = new Ajv({ strict: true }).compile(scheduleJsonSchema);

  it('accepts the same valid schedules', () => {
    expect(validate({ type: 'interval', minutes: 15 })).toBe(true);
    expect(validate({ type: 'times', times: ['09:00', '12:10'], timezone: 'Europe/Berlin' })).toBe(true);
    expect(validate({ type: 'manual' })).toBe(true);
  });

  it('rejects bad shapes: out-of-range minutes, bad or duplicate times, unknown fields', () => {
    expect(validate({ type: 'interval', minutes: 1441 })).toBe(false);
    expect(validate({ type: 'times', times: ['24:00'], timezone: 'UTC' })).toBe(false);
    expect(validate({ type: 'times', times: ['09:00', '09:00'], timezone: 'UTC' })).toBe(false);
    expect(validate({ type: 'manual', minutes: 5 })).toBe(false);
  });
});
