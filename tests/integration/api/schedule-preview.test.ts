// The wizard asks what a schedule being edited would do if saved now: each time of day says
// whether it starts today or tomorrow, a cron expression lists its next runs or says what is
// wrong with it, all by the functions the scheduler itself uses.
import request from 'supertest';
import { LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let api: TestApi;
let owner: LoggedIn;
beforeAll(async () => {
  api = await startTestApi();
  owner = await setupOwner(api.app);
});
afterAll(() => api.drop());

const preview = (schedule: object) => owner.post('/api/schedules/preview').send({ schedule });

describe('previewing a schedule', () => {
  it('says for each time of day whether it starts today or tomorrow (the 5-minute lead rule)', async () => {
    // The app's clock moves to the next 10:00 UTC (forward only: the session cookie stays valid).
    const tenOClock = new Date();
    tenOClock.setUTCHours(10, 0, 0, 0);
    if (tenOClock.getTime() <= Date.now()) tenOClock.setUTCDate(tenOClock.getUTCDate() + 1);
    api.advance(tenOClock.getTime() - Date.now());

    const response = await preview({ type: 'times', times: ['10:03', '11:00'], timezone: 'UTC' }).expect(200);

    expect(response.body.times).toEqual([
      { time: '10:03', first: { at: expect.any(String), description: 'tomorrow at 10:03 (UTC)' } },
      { time: '11:00', first: { at: expect.any(String), description: 'today at 11:00 (UTC)' } },
    ]);
    expect(response.body.first.description).toBe('today at 11:00 (UTC)');
  });

  it('lists the next runs of a cron expression in its zone', async () => {
    const response = await preview({ type: 'cron', expression: '0 9 * * 1-5', timezone: 'Europe/Berlin' }).expect(200);
    expect(response.body.upcoming).toHaveLength(3);
    for (const due of response.body.upcoming) {
      expect(due.description).toMatch(/at 09:00 \(Europe\/Berlin\)$/);
      expect([1, 2, 3, 4, 5]).toContain(new Date(due.at).getUTCDay());
    }
  });

  it('fills in the workspace zone when the schedule has none', async () => {
    const response = await preview({ type: 'cron', expression: '30 6 * * *' }).expect(200);
    expect(response.body.first.description).toMatch(/at 06:30 \(UTC\)$/);
  });

  it('refuses a bad cron expression with the message a save would give, naming the field', async () => {
    const response = await preview({ type: 'cron', expression: '0 25 * * *', timezone: 'UTC' }).expect(400);
    expect(response.body.error.details.fields).toEqual([
      { field: 'schedule.expression', message: 'In "0 25 * * *", the hour field "25" is not valid: hours are 0-23.' },
    ]);
  });

  it('names a time that is not a time of day by what was typed', async () => {
    const response = await preview({ type: 'times', times: ['09:00', '25:00'], timezone: 'UTC' }).expect(400);
    expect(response.body.error.details.fields).toEqual([
      { field: 'schedule.times[1]', message: '"25:00" is not a time of day; use HH:MM from 00:00 to 23:59.' },
    ]);
  });

  it('needs a logged-in person', async () => {
    await request(api.app)
      .post('/api/schedules/preview')
      .send({ schedule: { type: 'manual' } })
      .expect(401);
  });
});
