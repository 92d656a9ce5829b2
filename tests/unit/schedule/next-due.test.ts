import { nextDueAfter } from '../../../engine/schedule';
import type { Schedule } from '../../../engine/schedule';
import { followingDueTimes, iso } from './fixtures';

const times = (timezone: string, ...list: string[]): Schedule => ({ type: 'times', times: list, timezone });

describe('interval schedules after a run was enqueued', () => {
  const every15 = { type: 'interval' as const, minutes: 15 };

  it('the next due time is one interval after the previous due time', () => {
    expect(nextDueAfter(every15, iso('2026-06-10T10:00:00Z'), iso('2026-06-10T10:00:00Z'))).toEqual(iso('2026-06-10T10:15:00Z'));
  });

  it('does not drift when the run was enqueued late or ran long', () => {
    expect(nextDueAfter(every15, iso('2026-06-10T10:00:00Z'), iso('2026-06-10T10:07:42Z'))).toEqual(iso('2026-06-10T10:15:00Z'));
  });

  it('after downtime skips the missed slots and returns to the original grid', () => {
    expect(nextDueAfter(every15, iso('2026-06-10T10:00:00Z'), iso('2026-06-10T13:07:00Z'))).toEqual(iso('2026-06-10T13:15:00Z'));
  });

  it('when now is exactly on a slot, that slot is not repeated', () => {
    expect(nextDueAfter(every15, iso('2026-06-10T10:00:00Z'), iso('2026-06-10T10:30:00Z'))).toEqual(iso('2026-06-10T10:45:00Z'));
  });

  it('counts from the anchor when one is stored', () => {
    const anchored = { type: 'interval' as const, minutes: 60, anchor: '2026-01-01T00:20:00Z' };
    expect(nextDueAfter(anchored, iso('2026-06-10T09:20:00Z'), iso('2026-06-10T11:59:00Z'))).toEqual(iso('2026-06-10T12:20:00Z'));
  });

  it('a daily interval (1440 minutes) keeps real 24-hour steps across a DST change', () => {
    const daily = { type: 'interval' as const, minutes: 1440 };
    expect(followingDueTimes(daily, '2026-03-28T08:00:00Z', 2)).toEqual(['2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z']);
  });

  it('a one-minute interval steps minute by minute', () => {
    const everyMinute = { type: 'interval' as const, minutes: 1 };
    expect(followingDueTimes(everyMinute, '2026-12-31T23:58:00Z', 3)).toEqual([
      '2026-12-31T23:59:00.000Z',
      '2027-01-01T00:00:00.000Z',
      '2027-01-01T00:01:00.000Z',
    ]);
  });

  it('a manual schedule is never due again', () => {
    expect(nextDueAfter({ type: 'manual' }, iso('2026-06-10T10:00:00Z'), iso('2026-06-10T10:00:00Z'))).toBeNull();
  });
});

describe('times schedules after a run was enqueued', () => {
  it('several times a day run in order, then again the next day', () => {
    expect(followingDueTimes(times('UTC', '18:30', '09:00', '12:10'), '2026-06-10T09:00:00Z', 4)).toEqual([
      '2026-06-10T12:10:00.000Z',
      '2026-06-10T18:30:00.000Z',
      '2026-06-11T09:00:00.000Z',
      '2026-06-11T12:10:00.000Z',
    ]);
  });

  it('a time just a minute ahead is next: the lead rule applies only when saving', () => {
    expect(nextDueAfter(times('UTC', '12:00', '12:01'), iso('2026-06-10T12:00:00Z'), iso('2026-06-10T12:00:00Z'))).toEqual(
      iso('2026-06-10T12:01:00Z'),
    );
  });

  it('after downtime runs the next time after now, skipping the times missed', () => {
    const schedule = times('Europe/Berlin', '09:00', '12:00', '18:00');
    expect(nextDueAfter(schedule, iso('2026-06-08T09:00:00+02:00'), iso('2026-06-10T13:30:00+02:00'))).toEqual(
      iso('2026-06-10T18:00:00+02:00'),
    );
  });

  it('crosses a month end', () => {
    expect(followingDueTimes(times('Europe/Berlin', '23:30'), '2026-04-30T23:30:00+02:00', 1)).toEqual([
      '2026-05-01T21:30:00.000Z',
    ]);
  });

  it('crosses a year end into the new year', () => {
    expect(followingDueTimes(times('America/New_York', '23:30', '00:15'), '2026-12-31T23:30:00-05:00', 2)).toEqual([
      '2027-01-01T05:15:00.000Z',
      '2027-01-02T04:30:00.000Z',
    ]);
  });

  it('runs on Feb 29 in a leap year', () => {
    expect(followingDueTimes(times('UTC', '10:00'), '2028-02-28T10:00:00Z', 2)).toEqual([
      '2028-02-29T10:00:00.000Z',
      '2028-03-01T10:00:00.000Z',
    ]);
  });

  it('goes from Feb 28 to Mar 1 in a common year', () => {
    expect(followingDueTimes(times('UTC', '10:00'), '2027-02-28T10:00:00Z', 1)).toEqual(['2027-03-01T10:00:00.000Z']);
  });

  it('keeps local wall time in a zone east of UTC with a 45-minute offset (Asia/Kathmandu)', () => {
    expect(followingDueTimes(times('Asia/Kathmandu', '00:00', '09:15'), '2026-12-31T09:15:00+05:45', 2)).toEqual([
      '2026-12-31T18:15:00.000Z',
      '2027-01-01T03:30:00.000Z',
    ]);
  });

  it('keeps local wall time in a zone whose date is ahead of UTC (Pacific/Apia, UTC+13)', () => {
    // 19:00 UTC on Jun 9 is already 08:00 on Jun 10 in Apia.
    expect(nextDueAfter(times('Pacific/Apia', '09:00'), iso('2026-06-09T19:00:00Z'), iso('2026-06-09T19:00:00Z'))).toEqual(
      iso('2026-06-10T09:00:00+13:00'),
    );
  });

  it('on the calendar day Samoa skipped (2011-12-30) runs at the first minute that existed after it', () => {
    expect(followingDueTimes(times('Pacific/Apia', '12:10'), '2011-12-29T12:10:00-10:00', 2)).toEqual([
      '2011-12-30T10:00:00.000Z', // 2011-12-31 00:00 +14:00, the first valid minute
      '2011-12-30T22:10:00.000Z', // 2011-12-31 12:10 +14:00
    ]);
  });
});
