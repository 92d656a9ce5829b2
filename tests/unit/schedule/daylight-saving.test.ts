import { nextDueAfter, firstDueAt, instantOfWallTime } from '../../../engine/schedule';
import type { Schedule } from '../../../engine/schedule';

const iso = (value: string) => new Date(value);
const times = (timezone: string, ...list: string[]): Schedule => ({ type: 'times', times: list, timezone });
const next = (schedule: Schedule, previous: string) => nextDueAfter(schedule, iso(previous), iso(previous))?.toISOString();

describe('Europe/Berlin daylight saving', () => {
  it('a time in the spring-forward gap (02:30 on Mar 29) runs at 03:00, the first valid minute after it', () => {
    expect(next(times('Europe/Berlin', '02:30'), '2026-03-28T02:30:00+01:00')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('after the gap day the time runs at 02:30 again', () => {
    expect(next(times('Europe/Berlin', '02:30'), '2026-03-29T03:00:00+02:00')).toBe('2026-03-30T00:30:00.000Z');
  });

  it('two times inside the gap (02:15 and 02:45) both land on 03:00, so the connection runs once', () => {
    const schedule = times('Europe/Berlin', '02:15', '02:45', '09:00');
    expect(next(schedule, '2026-03-28T09:00:00+01:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(next(schedule, '2026-03-29T03:00:00+02:00')).toBe('2026-03-29T07:00:00.000Z');
  });

  it('a time that occurs twice when clocks go back (02:30 on Oct 25) runs once, at its first occurrence', () => {
    const schedule = times('Europe/Berlin', '02:30');
    const first = next(schedule, '2026-10-24T02:30:00+02:00');
    expect(first).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(next(schedule, first!)).toBe('2026-10-26T01:30:00.000Z'); // not 02:30 CET the same night
  });

  it('a daily 09:00 stays at 09:00 local through both changes', () => {
    const schedule = times('Europe/Berlin', '09:00');
    expect(next(schedule, '2026-03-28T09:00:00+01:00')).toBe('2026-03-29T07:00:00.000Z');
    expect(next(schedule, '2026-10-24T09:00:00+02:00')).toBe('2026-10-25T08:00:00.000Z');
  });

  it('the lead rule counts real minutes on the night clocks spring forward', () => {
    // At 01:56 CET, 03:00 CEST is four real minutes away (02:00-02:59 do not exist).
    expect(firstDueAt(times('Europe/Berlin', '03:00'), iso('2026-03-29T01:56:00+01:00'), 'UTC')).toEqual(
      iso('2026-03-30T03:00:00+02:00'),
    );
  });
});

describe('America/New_York daylight saving', () => {
  it('a time in the spring-forward gap (02:15 on Mar 8) runs at 03:00 EDT', () => {
    expect(next(times('America/New_York', '02:15'), '2026-03-07T02:15:00-05:00')).toBe('2026-03-08T07:00:00.000Z');
  });

  it('a time that occurs twice when clocks go back (01:30 on Nov 1) runs once, at 01:30 EDT', () => {
    const schedule = times('America/New_York', '01:30');
    const first = next(schedule, '2026-10-31T01:30:00-04:00');
    expect(first).toBe('2026-11-01T05:30:00.000Z');
    expect(next(schedule, first!)).toBe('2026-11-02T06:30:00.000Z');
  });

  it('a time outside the changes (18:00) keeps its local time across both', () => {
    const schedule = times('America/New_York', '18:00');
    expect(next(schedule, '2026-03-07T18:00:00-05:00')).toBe('2026-03-08T22:00:00.000Z');
    expect(next(schedule, '2026-10-31T18:00:00-04:00')).toBe('2026-11-01T23:00:00.000Z');
  });
});

describe('wall time resolution', () => {
  it('an ordinary wall time maps to exactly one instant', () => {
    expect(
      new Date(instantOfWallTime('Asia/Kathmandu', { year: 2026, month: 6, day: 10, hour: 12, minute: 0 })).toISOString(),
    ).toBe('2026-06-10T06:15:00.000Z');
  });
});
