import type { ConnectorContext } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { connectorContext } from '../accounts/context';
import type { Config } from '../config/config';
import type { ConnectionServiceDeps } from '../connections/service';
import type { Logger } from '../log/logger';
import { KeyLocks } from '../runner/key-locks';
import type { RunnerDeps } from '../runner/run-connection';
import { ExpressionPool, type ExpressionSandbox } from '../sandbox';
import { securityOf } from '../config/security';
import { createRetention, type Retention } from '../retention';
import { createScheduler, type Scheduler } from '../scheduler';
import type { Db } from '../store/db';
import { SessionLocks } from '../store/session-locks';
import { createWorker, type Worker } from '../worker/worker';

export interface Engine {
  context: ConnectorContext;
  connections: ConnectionServiceDeps;
  runner: RunnerDeps;
  worker: Worker;
  scheduler: Scheduler;
  /** Runs mapping expressions for previews, test sends and runs; close it when stopping. */
  expressions: ExpressionSandbox;
  /** Removes old processed payloads and run items; runs alongside the scheduler. */
  retention: Retention;
  /** Ends the process's lock session; call after the worker stopped, before the database. */
  close(): Promise<void>;
}

/**
 * Wires the engine's parts for one process. Which parts run (API, worker, scheduler) is
 * the caller's choice; they share nothing but the database, so any mix of processes on
 * any number of machines works against one DATABASE_URL.
 */
export function createEngine(args: {
  db: Db;
  config: Config;
  logger: Logger;
  registry: ConnectorRegistry;
  clock?: () => Date;
  runner?: Partial<RunnerDeps>;
}): Engine {
  const { db, config, logger, registry } = args;
  const clock = args.clock ?? (() => new Date());
  const context: ConnectorContext = {
    ...connectorContext(config),
    log: (level, message, details) => logger[level](details ?? {}, message),
  };
  // One pool per process, shared by the API (previews, test sends) and the worker (runs).
  const expressions = new ExpressionPool({ timeoutMs: config.expressionTimeoutMs });
  const locks = new KeyLocks(SessionLocks.forDatabase(db));
  const runner: RunnerDeps = {
    db,
    expressions,
    registry,
    context,
    secretKey: config.secretKey,
    locks,
    leaseSeconds: config.runLeaseSeconds,
    ...args.runner,
  };
  const worker = createWorker(runner, {
    // Dependents were queued with the finished run; wake this worker to start them now.
    onFinished: async () => worker.poke(),
    onError: (error) => logger.error({ err: error }, 'worker error'),
    onAbandoned: (run) => logger.error({ runId: run.id, connectionId: run.connection_id }, run.error?.message ?? 'run failed'),
  });
  const scheduler = createScheduler({
    db,
    clock,
    logger,
    onEnqueued: (runs) => {
      if (runs.length > 0) worker.poke();
    },
  });
  return {
    context,
    connections: {
      db,
      registry,
      context,
      secretKey: config.secretKey,
      locks: runner.locks,
      publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
      clock,
      expressions,
    },
    runner,
    worker,
    scheduler,
    expressions,
    retention: createRetention({ db, clock, logger, days: securityOf(config).retentionDays }),
    close: () => runner.locks.session.close(),
  };
}
