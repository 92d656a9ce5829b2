import type { Db } from '../store/db';
import { LOCK_SPACE } from '../store/session-locks';
import type { RunRecord, RunTrigger } from './types';

export interface ClaimRules {
  leaseSeconds: number;
  /** A worker whose heartbeat is older than this may be dead (see holderIsGone). */
  staleSeconds: number;
  /** Takeovers a run may have; when its worker dies once more, the run is failed. */
  maxTakeovers: number;
}

export const DEFAULT_STALE_SECONDS = 3;
export const DEFAULT_MAX_TAKEOVERS = 3;

// A running run's worker is gone when both signals say so: it stopped heartbeating, and
// the advisory lock its process holds for as long as it lives (engine/worker/heartbeat.ts)
// is free, so its database session ended: PostgreSQL ends it as soon as the process dies.
// A slow worker (a long garbage collection, a blocked event loop) still holds its lock,
// so it keeps its run until the lease lapses; a worker whose lock session dropped while
// it lives still heartbeats. Either alone would misjudge one of the two (issue 10.7).
const HOLDER_IS_GONE = `
  not exists (select 1 from workers w
               where w.id = r.worker_id and w.heartbeat_at > now() - make_interval(secs => :staleSeconds))
  and not exists (select 1 from pg_locks l
                   where l.locktype = 'advisory' and l.granted and l.objsubid = 2
                     and l.classid = :space::oid and l.objid = hashtext(r.worker_id)::oid)`;

const ABANDONED = `r.status = 'running' and (r.lease_expires_at < now() or (${HOLDER_IS_GONE}))`;

/**
 * Claims the oldest queued run, or a running run whose worker is gone (its lease lapsed,
 * or it stopped heartbeating and its session ended). SKIP LOCKED lets any number of
 * workers poll at once. Taking a running run over counts as a takeover.
 */
export async function claimRun(db: Db, workerId: string, rules: ClaimRules): Promise<RunRecord | null> {
  const result = await db.raw<{ rows: RunRecord[] }>(
    `update runs set status = 'running', worker_id = :workerId,
        lease_expires_at = now() + make_interval(secs => :leaseSeconds),
        started_at = coalesce(started_at, now()), attempt = attempt + 1,
        takeovers = takeovers + (case when status = 'running' then 1 else 0 end)
      where id = (
        select id from runs r
         where r.status = 'queued' or (${ABANDONED} and r.takeovers < :maxTakeovers)
         order by r.queued_at
         for update skip locked
         limit 1)
      returning *`,
    {
      workerId,
      leaseSeconds: rules.leaseSeconds,
      staleSeconds: rules.staleSeconds,
      space: LOCK_SPACE.workerAlive,
      maxTakeovers: rules.maxTakeovers,
    },
  );
  return result.rows[0] ?? null;
}

/**
 * Queues a run and claims it for `workerId` in one statement: the worker has room now, so
 * the run skips the queue (a webhook payload waiting in instant mode). Null when the
 * connection already has a run queued or running, as with enqueueRun.
 */
export async function insertClaimedRun(
  db: Db,
  input: { workspaceId: string; connectionId: string; trigger: RunTrigger },
  workerId: string,
  leaseSeconds: number,
): Promise<RunRecord | null> {
  const [run] = (await db('runs')
    .insert({
      workspace_id: input.workspaceId,
      connection_id: input.connectionId,
      trigger: input.trigger,
      status: 'running',
      worker_id: workerId,
      lease_expires_at: db.raw('now() + make_interval(secs => ?)', [leaseSeconds]),
      started_at: db.fn.now(),
      attempt: 1,
    })
    .onConflict()
    .ignore()
    .returning('*')) as RunRecord[];
  return run ?? null;
}

/**
 * Fails the runs whose worker died once more after `maxTakeovers` takeovers: a run that
 * keeps killing workers (a crash or the OOM killer while executing it) must end with a
 * clear error instead of taking down one worker after another forever (issue 11.1).
 */
export async function failAbandonedRuns(db: Db, rules: ClaimRules): Promise<RunRecord[]> {
  const deaths = rules.maxTakeovers + 1;
  const error = {
    kind: 'crashed',
    message:
      `The worker executing this run stopped unexpectedly ${deaths} times (it crashed or ran out of memory), ` +
      'so the run was not taken over again. Items sent before are in the run log. Look for unusually large ' +
      'source data or a heavy mapping expression, then run the connection again.',
  };
  const result = await db.raw<{ rows: RunRecord[] }>(
    `update runs set status = 'failed', finished_at = now(), lease_expires_at = null, error = :error::jsonb
      where id in (
        select id from runs r
         where ${ABANDONED} and r.takeovers >= :maxTakeovers
         for update skip locked)
      returning *`,
    {
      error: JSON.stringify(error),
      staleSeconds: rules.staleSeconds,
      space: LOCK_SPACE.workerAlive,
      maxTakeovers: rules.maxTakeovers,
    },
  );
  return result.rows;
}
