import { firstDueAt } from '../../../engine/schedule';

const berlin = 'Europe/Berlin';
const daily = (...times: string[]) => ({ type: 'times' as const, times, timezone: berlin });
const iso = (value: string) => new Date(value);

describe('the 5-minute lead rule when a times schedule is saved', () => {
  it('at 12:08 a 12:10 time first runs tomorrow at 12:10', () => {
    expect(firstDueAt(daily('12:10'), iso('2026-06-10T12:08:00+02:00'), berlin)).toEqual(iso('2026-06-11T12:10:00+02:00'));
  });

  it('at 12:13 a 12:20 time first runs today at 12:20', () => {
    expect(firstDueAt(daily('12:20'), iso('2026-06-10T12:13:00+02:00'), berlin)).toEqual(iso('2026-06-10T12:20:00+02:00'));
  });

  it('exactly five minutes ahead (12:05:00 for 12:10) is not more than five, so it starts tomorrow', () => {
    expect(firstDueAt(daily('12:10'), iso('2026-06-10T12:05:00+02:00'), berlin)).toEqual(iso('2026-06-11T12:10:00+02:00'));
  });

  it('one second more than five minutes ahead (12:04:59 for 12:10) starts today', () => {
    expect(firstDueAt(daily('12:10'), iso('2026-06-10T12:04:59+02:00'), berlin)).toEqual(iso('2026-06-10T12:10:00+02:00'));
  });

  it('a time already past today starts tomorrow', () => {
    expect(firstDueAt(daily('09:00'), iso('2026-06-10T12:00:00+02:00'), berlin)).toEqual(iso('2026-06-11T09:00:00+02:00'));
  });

  it('with several times, a later time today wins over a time inside the lead window', () => {
    expect(firstDueAt(daily('12:10', '18:00'), iso('2026-06-10T12:08:00+02:00'), berlin)).toEqual(
      iso('2026-06-10T18:00:00+02:00'),
    );
  });

  it('with several times all past today, the earliest time tomorrow is first', () => {
    expect(firstDueAt(daily('18:00', '07:30', '12:00'), iso('2026-06-10T19:00:00+02:00'), berlin)).toEqual(
      iso('2026-06-11T07:30:00+02:00'),
    );
  });

  it('a time four minutes past midnight saved at 23:58 is inside the lead window and first runs the night after', () => {
    expect(firstDueAt(daily('00:02'), iso('2026-06-10T23:58:00+02:00'), berlin)).toEqual(iso('2026-06-12T00:02:00+02:00'));
  });

  it('reads "today" in the schedule zone, not the workspace zone', () => {
    const schedule = { type: 'times' as const, times: ['09:00'], timezone: 'America/New_York' };
    // 14:00 in Berlin is 08:00 in New York: 09:00 there is still an hour ahead.
    expect(firstDueAt(schedule, iso('2026-06-10T14:00:00+02:00'), berlin)).toEqual(iso('2026-06-10T09:00:00-04:00'));
  });

  it('falls back to the workspace zone when the schedule has none', () => {
    const schedule = { type: 'times' as const, times: ['09:00'], timezone: '' };
    expect(firstDueAt(schedule, iso('2026-06-10T08:00:00+09:00'), 'Asia/Tokyo')).toEqual(iso('2026-06-10T09:00:00+09:00'));
  });
});

describe('first due time of other schedules', () => {
  it('an interval first runs N minutes after it is saved', () => {
    expect(firstDueAt({ type: 'interval', minutes: 15 }, iso('2026-06-10T12:08:30Z'), berlin)).toEqual(
      iso('2026-06-10T12:23:30Z'),
    );
  });

  it('an anchored interval first runs at the next slot counted from its anchor', () => {
    const schedule = { type: 'interval' as const, minutes: 15, anchor: '2026-01-01T00:00:00Z' };
    expect(firstDueAt(schedule, iso('2026-06-10T12:08:30Z'), berlin)).toEqual(iso('2026-06-10T12:15:00Z'));
  });

  it('an anchored interval saved exactly on a slot first runs at the following slot', () => {
    const schedule = { type: 'interval' as const, minutes: 15, anchor: '2026-01-01T00:00:00Z' };
    expect(firstDueAt(schedule, iso('2026-06-10T12:15:00Z'), berlin)).toEqual(iso('2026-06-10T12:30:00Z'));
  });

  it('an anchor in the future is itself the first due time', () => {
    const schedule = { type: 'interval' as const, minutes: 60, anchor: '2026-06-11T09:00:00Z' };
    expect(firstDueAt(schedule, iso('2026-06-10T12:08:30Z'), berlin)).toEqual(iso('2026-06-11T09:00:00Z'));
  });

  it('a manual schedule has no due time', () => {
    expect(firstDueAt({ type: 'manual' }, iso('2026-06-10T12:08:30Z'), berlin)).toBeNull();
  });
});
