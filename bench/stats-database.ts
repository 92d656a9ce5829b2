// A throwaway embedded PostgreSQL with pg_stat_statements loaded, for benchmarks that
// count the statements the product sends (every process, every connection).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest } from '../migrations';
import { connect, type Db } from '../engine/store/db';
import { startEmbeddedPostgres } from '../engine/store/embedded-postgres';

/** Starts the benchmark's own statements, so counts leave them out. */
export const OWN = '/* bench */';

export interface StatementCounts {
  /** Statements executed so far, all databases and users. */
  statements: number;
  /** Explicit transactions committed so far (COMMIT statements). */
  transactions: number;
  /** Per statement: calls and milliseconds spent executing them. */
  byQuery: Map<string, { calls: number; ms: number; query: string }>;
}

export interface StatsDatabase {
  db: Db;
  url: string;
  /** The server's process ids now: the postmaster and every backend it started. */
  pids(): number[];
  snapshot(): Promise<StatementCounts>;
  /** The `count` statements that took PostgreSQL longest between two snapshots. */
  top(before: StatementCounts, after: StatementCounts, count: number): Array<{ calls: number; ms: number; query: string }>;
  stop(): Promise<void>;
}

export async function statsDatabase(): Promise<StatsDatabase> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-stats-'));
  // As root the server runs as the postgres user, who must be able to enter the folder.
  fs.chmodSync(folder, 0o755);
  const dataDir = path.join(folder, 'data');
  // The library loads at server start only: start once to create the cluster, set it, restart.
  const first = await startEmbeddedPostgres({ dataDir });
  const setup = connect(first.url, { poolMax: 1 });
  await setup.raw("alter system set shared_preload_libraries = 'pg_stat_statements'");
  await setup.raw("alter system set pg_stat_statements.max = '10000'");
  await setup.destroy();
  await first.stop();
  const server = await startEmbeddedPostgres({ dataDir });
  const db = connect(server.url, { poolMax: 10 });
  await db.raw('create extension if not exists pg_stat_statements');
  await migrateToLatest(db);

  const postmaster = Number(fs.readFileSync(path.join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    db,
    url: server.url,
    pids: () => [postmaster, ...childrenOf(postmaster)],
    async snapshot() {
      const result = await db.raw<{ rows: Array<{ queryid: string; calls: string; ms: number; query: string }> }>(
        `${OWN} select queryid::text as queryid, calls::text as calls, total_exec_time as ms, query from pg_stat_statements`,
      );
      const byQuery = new Map<string, { calls: number; ms: number; query: string }>();
      let statements = 0;
      let transactions = 0;
      for (const row of result.rows) {
        // The benchmark's own look-ups (marked OWN) are not the product's.
        if (row.query.startsWith(OWN)) continue;
        const calls = Number(row.calls);
        statements += calls;
        if (/^\s*commit\b/i.test(row.query)) transactions += calls;
        byQuery.set(row.queryid, { calls, ms: Number(row.ms), query: row.query });
      }
      return { statements, transactions, byQuery };
    },
    top(before, after, count) {
      return [...after.byQuery.entries()]
        .map(([id, entry]) => ({
          calls: entry.calls - (before.byQuery.get(id)?.calls ?? 0),
          ms: entry.ms - (before.byQuery.get(id)?.ms ?? 0),
          query: entry.query.replace(/\s+/g, ' ').slice(0, 110),
        }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, count);
    },
    async stop() {
      await db.destroy();
      await server.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Processes whose parent is `parent` (from /proc). */
function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}
