/**
 * Scheduler benchmark: 10,000 enabled connections with mixed schedules on an embedded
 * PostgreSQL, the real scheduler loop on the real clock for about a minute, and a second
 * process that claims queued runs and marks them done (a no-op destination).
 * Prints how late due runs were queued (commit time minus due time) and the scheduler
 * process's CPU per minute.
 *
 *   npx tsx bench/scheduler.ts [seconds=60] [connections=10000]
 */
import { spawn } from 'node:child_process';
import { connect, Db } from '../engine/store/db';
import { withDatabase } from '../engine/store/database-url';
import { startTemporaryPostgres } from '../engine/store/embedded-postgres';
import { createScheduler } from '../engine/scheduler';
import { nextDueAfter, Schedule } from '../engine/schedule';
import { migrateToLatest } from '../migrations';

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Apia'];

/** A due-time mix that keeps the scheduler busy during the window, with minute-mark bursts. */
function scheduleFor(index: number, start: number): { schedule: Schedule; nextRunAt: Date } {
  const spread = (ms: number) => new Date(start + 2000 + Math.floor(Math.random() * ms));
  const kind = index % 20;
  if (kind < 8) return { schedule: { type: 'interval', minutes: 1 }, nextRunAt: spread(60_000) };
  if (kind < 12) return { schedule: { type: 'interval', minutes: 5 }, nextRunAt: spread(300_000) };
  if (kind < 15) return { schedule: { type: 'interval', minutes: 60 }, nextRunAt: spread(3_600_000) };
  // Times schedules: the next two minute marks in their zone (everyone's favourite 09:00),
  // plus a few other times of day.
  const timezone = ZONES[index % ZONES.length]!;
  const mark = (offsetMinutes: number) => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(start + offsetMinutes * 60_000));
    return parts;
  };
  const times = [...new Set([mark(1), mark(2), '06:00', '12:30', '18:45'])];
  const schedule: Schedule = { type: 'times', times, timezone };
  return { schedule, nextRunAt: nextDueAfter(schedule, new Date(start), new Date(start))! };
}

async function seed(db: Db, count: number, start: number): Promise<void> {
  const [workspace] = (await db('workspaces').insert({ name: 'Bench', timezone: 'UTC' }).returning('id')) as Array<{
    id: string;
  }>;
  for (let offset = 0; offset < count; offset += 1000) {
    const rows = [];
    for (let index = offset; index < Math.min(count, offset + 1000); index += 1) {
      const { schedule, nextRunAt } = scheduleFor(index, start);
      rows.push({
        workspace_id: workspace!.id,
        name: `Connection ${index}`,
        source_connector: 'webhook',
        source_trigger: 'new-payload',
        destination_connector: 'noop',
        destination_action: 'noop',
        schedule: JSON.stringify(schedule),
        enabled: true,
        next_run_at: nextRunAt,
      });
    }
    await db('connections').insert(rows);
  }
}

/** The claim loop, in its own process so its CPU is not counted as the scheduler's. */
async function claimLoop(url: string): Promise<void> {
  const db = connect(url, { poolMax: 2 });
  let stopping = false;
  process.on('SIGTERM', () => (stopping = true));
  while (!stopping) {
    const result = await db.raw<{ rowCount: number }>(
      `update runs set status = 'succeeded', started_at = now(), finished_at = now()
        where id in (select id from runs where status = 'queued' order by queued_at limit 500 for update skip locked)`,
    );
    if (result.rowCount === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await db.destroy();
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 60);
  const count = Number(process.argv[3] ?? 10_000);
  const server = await startTemporaryPostgres('tributary-bench-scheduler-');
  const admin = connect(server.url, { poolMax: 1 });
  await admin.raw('create database bench');
  await admin.destroy();
  const url = withDatabase(server.url, 'bench');
  const db = connect(url);
  let claimer: ReturnType<typeof spawn> | null = null;
  try {
    await migrateToLatest(db);
    // Due times start a little after seeding ends, so none is late before the loop runs.
    const seedingStarted = Date.now();
    const start = seedingStarted + 10_000;
    await seed(db, count, start);
    console.log(`seeded ${count} connections in ${Date.now() - seedingStarted} ms; running for ${seconds} s`);

    const cpuBefore = process.cpuUsage();
    const wallBefore = Date.now();
    claimer = spawn(process.execPath, ['--import', 'tsx', __filename, '--claimer', url], { stdio: 'inherit' });
    const lateness: number[] = [];
    const scheduler = createScheduler({
      db,
      onEnqueued: (runs) => {
        const committed = Date.now();
        for (const run of runs) {
          if (run.due_at && run.due_at.getTime() >= wallBefore) lateness.push(committed - run.due_at.getTime());
        }
      },
    });
    scheduler.start({ intervalMs: 1000 });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    await scheduler.stop();
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = Date.now() - wallBefore;

    const waiting = await db('connections')
      .where('next_run_at', '<', new Date(Date.now() - 1000))
      .count<Array<{ count: number }>>('* as count');
    lateness.sort((a, b) => a - b);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(`due runs queued: ${lateness.length} in ${(wallMs / 1000).toFixed(1)} s`);
    console.log(
      `lateness (queue commit - due time): p50 ${percentile(lateness, 0.5)} ms, p99 ${percentile(lateness, 0.99)} ms, max ${lateness[lateness.length - 1] ?? NaN} ms`,
    );
    console.log(`connections overdue by more than 1 s at the end: ${Number(waiting[0]?.count ?? 0)}`);
    console.log(
      `scheduler process CPU: ${((cpuMs / wallMs) * 60_000).toFixed(0)} ms per minute (${((cpuMs / wallMs) * 100).toFixed(1)}% of one core; PostgreSQL not included)`,
    );
  } finally {
    if (claimer) {
      const exited = new Promise((resolve) => claimer!.once('exit', resolve));
      claimer.kill('SIGTERM');
      await exited;
    }
    await db.destroy();
    await server.stop();
  }
}

if (process.argv[2] === '--claimer') {
  void claimLoop(process.argv[3]!);
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
