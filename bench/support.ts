import { migrateToLatest } from '../migrations';
import { startTemporaryPostgres } from '../engine/store/embedded-postgres';
import { connect, type Db } from '../engine/store/db';

/** A throwaway embedded PostgreSQL, migrated, for one benchmark. */
export async function benchDatabase(): Promise<{ db: Db; url: string; stop(): Promise<void> }> {
  const server = await startTemporaryPostgres('tributary-bench-');
  const db = connect(server.url, { poolMax: 20 });
  await migrateToLatest(db);
  return {
    db,
    url: server.url,
    async stop() {
      await db.destroy();
      await server.stop();
    },
  };
}

/** Samples resident memory every 50 ms; `peak()` is the highest value seen so far, in MB. */
export function rssSampler(): { peak(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    peak: () => Math.round((Math.max(peak, process.memoryUsage().rss) / 1024 / 1024) * 10) / 10,
    stop: () => clearInterval(timer),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Runs a benchmark's `main` as its process: exit code 0 when it reports its target met, 1
 * when not or when it failed (the error printed), so `npm run bench` counts it.
 */
export function runBench(main: () => Promise<boolean>): void {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
