import { connect } from '../../../engine/store/db';
import { createScheduler } from '../../../engine/scheduler';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { createConnection, createWorkspace, finishActiveRun, manualClock, nextRunAt, runsOf } from './fixtures';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});
beforeEach(async () => {
  await test.db.raw('truncate runs, connections, workspaces cascade');
});

const every15 = { type: 'interval' as const, minutes: 15 };
const at = (value: string) => new Date(value);

describe('the scheduler tick', () => {
  it('queues a due connection once, for its due time, and moves its due time on by one interval', async () => {
    const workspaceId = await createWorkspace(test.db);
    const connectionId = await createConnection(test.db, workspaceId, {
      schedule: every15,
      nextRunAt: at('2026-06-10T10:00:00Z'),
    });
    const clock = manualClock('2026-06-10T10:00:02Z');
    const scheduler = createScheduler({ db: test.db, clock: clock.now });

    expect(await scheduler.tick()).toEqual({ enqueued: 1, due: 1 });
    expect(await scheduler.tick()).toEqual({ enqueued: 0, due: 0 });

    expect(await runsOf(test.db, connectionId)).toEqual([
      { trigger: 'schedule', due_at: at('2026-06-10T10:00:00Z'), after_run_id: null, status: 'queued' },
    ]);
    expect(await nextRunAt(test.db, connectionId)).toEqual(at('2026-06-10T10:15:00Z'));
  });

  it('does not queue a connection before its due time', async () => {
    const workspaceId = await createWorkspace(test.db);
    const connectionId = await createConnection(test.db, workspaceId, {
      schedule: every15,
      nextRunAt: at('2026-06-10T10:00:00Z'),
    });
    const scheduler = createScheduler({ db: test.db, clock: manualClock('2026-06-10T09:59:59Z').now });

    expect(await scheduler.tick()).toEqual({ enqueued: 0, due: 0 });
    expect(await runsOf(test.db, connectionId)).toEqual([]);
  });

  it('does not queue a disabled connection, even when its due time has passed', async () => {
    const workspaceId = await createWorkspace(test.db);
    const connectionId = await createConnection(test.db, workspaceId, {
      schedule: every15,
      enabled: false,
      nextRunAt: at('2026-06-10T10:00:00Z'),
    });
    await createScheduler({ db: test.db, clock: manualClock('2026-06-10T11:00:00Z').now }).tick();
    expect(await runsOf(test.db, connectionId)).toEqual([]);
  });

  it('does not queue a connection that runs after another on its own schedule', async () => {
    const workspaceId = await createWorkspace(test.db);
    const leaderId = await createConnection(test.db, workspaceId, { name: 'A', schedule: { type: 'manual' } });
    const followerId = await createConnection(test.db, workspaceId, {
      name: 'B',
      schedule: every15,
      runAfter: leaderId,
      nextRunAt: at('2026-06-10T10:00:00Z'),
    });
    await createScheduler({ db: test.db, clock: manualClock('2026-06-10T11:00:00Z').now }).tick();
    expect(await runsOf(test.db, followerId)).toEqual([]);
  });

  it('after three hours of downtime runs once for the missed time, then returns to its schedule', async () => {
    const workspaceId = await createWorkspace(test.db);
    const connectionId = await createConnection(test.db, workspaceId, {
      schedule: every15,
      nextRunAt: at('2026-06-10T10:00:00Z'),
    });
    const clock = manualClock('2026-06-10T13:07:00Z');
    const scheduler = createScheduler({ db: test.db, clock: clock.now });

    expect((await scheduler.tick()).enqueued).toBe(1);
    expect(await nextRunAt(test.db, connectionId)).toEqual(at('2026-06-10T13:15:00Z'));
    await finishActiveRun(test.db, connectionId, 'succeeded');
    clock.set('2026-06-10T13:14:59Z');
    expect((await scheduler.tick()).enqueued).toBe(0);
    clock.set('2026-06-10T13:15:00Z');
    expect((await scheduler.tick()).enqueued).toBe(1);

    expect((await runsOf(test.db, connectionId)).map((run) => run.due_at)).toEqual([
      at('2026-06-10T10:00:00Z'),
      at('2026-06-10T13:15:00Z'),
    ]);
  });

  it('a due connection whose previous run is still going gets one run once that run has finished', async () => {
    const workspaceId = await createWorkspace(test.db);
    const connectionId = await createConnection(test.db, workspaceId, {
      schedule: every15,
      nextRunAt: at('2026-06-10T10:00:00Z'),
    });
    await test
      .db('runs')
      .insert({ workspace_id: workspaceId, connection_id: connectionId, trigger: 'manual', status: 'running' });
    const clock = manualClock('2026-06-10T10:00:05Z');
    const scheduler = createScheduler({ db: test.db, clock: clock.now });

    expect(await scheduler.tick()).toEqual({ enqueued: 0, due: 0 });
    expect(await nextRunAt(test.db, connectionId)).toEqual(at('2026-06-10T10:00:00Z'));

    await finishActiveRun(test.db, connectionId, 'succeeded');
    clock.set('2026-06-10T10:20:00Z');
    expect(await scheduler.tick()).toEqual({ enqueued: 1, due: 1 });
    expect(await nextRunAt(test.db, connectionId)).toEqual(at('2026-06-10T10:30:00Z'));
  });

  it('moves a times schedule to its next time of day in its own zone', async () => {
    const workspaceId = await createWorkspace(test.db, 'UTC');
    const schedule = { type: 'times' as const, times: ['09:00', '17:30'], timezone: 'America/New_York' };
    const connectionId = await createConnection(test.db, workspaceId, { schedule, nextRunAt: at('2026-06-10T09:00:00-04:00') });
    await createScheduler({ db: test.db, clock: manualClock('2026-06-10T13:00:01Z').now }).tick();
    expect(await nextRunAt(test.db, connectionId)).toEqual(at('2026-06-10T17:30:00-04:00'));
  });

  it("moves a cron schedule to its next matching time on its zone's wall clock, skipping the weekend", async () => {
    const workspaceId = await createWorkspace(test.db, 'UTC');
    const schedule = { type: 'cron' as const, expression: '0 9 * * 1-5', timezone: 'Europe/Berlin' };
    const connectionId = await createConnection(test.db, workspaceId, { schedule, nextRunAt: at('2026-06-12T09:00:00+02:00') });
    const clock = manualClock('2026-06-12T09:00:01+02:00');
    const scheduler = createScheduler({ db: test.db, clock: clock.now });
    expect(await scheduler.tick()).toEqual({ enqueued: 1, due: 1 });
    expect(await runsOf(test.db, connectionId)).toEqual([
      { trigger: 'schedule', due_at: at('2026-06-12T09:00:00+02:00'), after_run_id: null, status: 'queued' },
    ]);
    expect(await nextRunAt(test.db, connectionId)).toEqual(at('2026-06-15T09:00:00+02:00'));
  });

  it('handles more due connections than one batch, oldest due first', async () => {
    const workspaceId = await createWorkspace(test.db);
    const ids: string[] = [];
    for (let minute = 0; minute < 5; minute += 1) {
      ids.push(
        await createConnection(test.db, workspaceId, { schedule: every15, nextRunAt: at(`2026-06-10T10:0${minute}:00Z`) }),
      );
    }
    const scheduler = createScheduler({ db: test.db, clock: manualClock('2026-06-10T10:05:00Z').now, batchSize: 2 });
    expect(await scheduler.tick()).toEqual({ enqueued: 2, due: 2 });
    expect((await runsOf(test.db, ids[0]!)).length + (await runsOf(test.db, ids[1]!)).length).toBe(2);
    expect(await scheduler.tick()).toEqual({ enqueued: 2, due: 2 });
    expect(await scheduler.tick()).toEqual({ enqueued: 1, due: 1 });
  });
});

describe('several schedulers on one database', () => {
  it('two schedulers ticking at the same time queue each due run exactly once', async () => {
    const workspaceId = await createWorkspace(test.db);
    const ids: string[] = [];
    for (let index = 0; index < 60; index += 1) {
      ids.push(await createConnection(test.db, workspaceId, { schedule: every15, nextRunAt: at('2026-06-10T10:00:00Z') }));
    }
    const otherProcess = connect(test.url);
    try {
      const clock = manualClock('2026-06-10T10:00:01Z');
      const first = createScheduler({ db: test.db, clock: clock.now, batchSize: 7 });
      const second = createScheduler({ db: otherProcess, clock: clock.now, batchSize: 7 });
      let total = 0;
      for (;;) {
        const results = await Promise.all([first.tick(), second.tick(), first.tick(), second.tick()]);
        const enqueued = results.reduce((sum, result) => sum + result.enqueued, 0);
        total += enqueued;
        if (results.every((result) => result.due === 0)) break;
      }
      expect(total).toBe(60);
      const counts = (await test.db('runs').select('connection_id').count('* as runs').groupBy('connection_id')) as Array<{
        runs: number;
      }>;
      expect(counts).toHaveLength(60);
      expect(counts.every((row) => Number(row.runs) === 1)).toBe(true);
    } finally {
      await otherProcess.destroy();
    }
  });
});

describe('the scheduler loop', () => {
  it('ticks on its own once started and stops cleanly', async () => {
    const workspaceId = await createWorkspace(test.db);
    const connectionId = await createConnection(test.db, workspaceId, {
      schedule: every15,
      nextRunAt: at('2026-06-10T10:00:00Z'),
    });
    let announce: (runIds: string[]) => void = () => undefined;
    const enqueued = new Promise<string[]>((resolve) => (announce = resolve));
    const scheduler = createScheduler({
      db: test.db,
      clock: manualClock('2026-06-10T10:00:01Z').now,
      onEnqueued: (runs) => announce(runs.map((run) => run.connection_id)),
    });

    scheduler.start({ intervalMs: 10 });
    await expect(enqueued).resolves.toEqual([connectionId]);
    await scheduler.stop();
    expect(await runsOf(test.db, connectionId)).toHaveLength(1);
  });
});
