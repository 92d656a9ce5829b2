import { describeFirstRun, firstDueAt } from '../../../engine/schedule';

const iso = (value: string) => new Date(value);

describe('describing the first run for the wizard', () => {
  it('says "tomorrow at 12:10 (Europe/Berlin)" when saved at 12:08 for 12:10', () => {
    const now = iso('2026-06-10T12:08:00+02:00');
    const dueAt = firstDueAt({ type: 'times', times: ['12:10'], timezone: 'Europe/Berlin' }, now, 'UTC')!;
    expect(describeFirstRun(dueAt, 'Europe/Berlin', now)).toBe('tomorrow at 12:10 (Europe/Berlin)');
  });

  it('says "today at 12:20" when saved at 12:13 for 12:20', () => {
    const now = iso('2026-06-10T12:13:00+02:00');
    expect(describeFirstRun(iso('2026-06-10T12:20:00+02:00'), 'Europe/Berlin', now)).toBe('today at 12:20 (Europe/Berlin)');
  });

  it('names the weekday and date for later days', () => {
    const now = iso('2026-12-01T10:00:00+01:00');
    expect(describeFirstRun(iso('2026-12-04T09:00:00+01:00'), 'Europe/Berlin', now)).toBe(
      'on Friday, 4 December at 09:00 (Europe/Berlin)',
    );
  });

  it('adds the year when the first run is in another year', () => {
    const now = iso('2026-12-30T10:00:00Z');
    expect(describeFirstRun(iso('2027-01-02T09:00:00Z'), 'UTC', now)).toBe('on Saturday, 2 January 2027 at 09:00 (UTC)');
  });

  it("decides today and tomorrow by the zone's calendar, not UTC's", () => {
    // 23:50 UTC on Dec 31 is already Jan 1 05:35 in Kathmandu.
    const now = iso('2026-12-31T23:50:00Z');
    expect(describeFirstRun(iso('2027-01-01T03:15:00Z'), 'Asia/Kathmandu', now)).toBe('today at 09:00 (Asia/Kathmandu)');
  });
});
