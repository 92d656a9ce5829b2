import { ConnectorError } from '../../connectors/sdk';
import { LOCK_SPACE, type SessionLocks } from '../store/session-locks';

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs work for one natural key at a time (see ActionDefinition.naturalKey): first in
 * line in this process, then holding a PostgreSQL advisory lock so other workers wait
 * too. Keys are scoped by the caller (the destination account), so two connections that
 * write to one Stripe account also take turns.
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    /** Also holds the worker's liveness lock (engine/worker/heartbeat.ts): one session per process. */
    readonly session: SessionLocks,
    private readonly sleep: (ms: number) => Promise<void> = sleepReal,
  ) {}

  async withKey<T>(key: string, work: () => Promise<T>, shouldStop: () => boolean = () => false): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const turn = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => turn);
    this.tails.set(key, tail);
    try {
      await previous;
      await this.acquire(key, shouldStop);
      try {
        return await work();
      } finally {
        // If the session dropped meanwhile, the lock is already gone with it.
        await this.session.unlock(LOCK_SPACE.naturalKey, key).catch(() => undefined);
      }
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Waits for other workers' turns with a short, growing pause: contention is rare. */
  private async acquire(key: string, shouldStop: () => boolean): Promise<void> {
    for (let pauseMs = 10; ; pauseMs = Math.min(pauseMs * 2, 200)) {
      let locked: boolean;
      try {
        locked = await this.session.tryLock(LOCK_SPACE.naturalKey, key);
      } catch (error) {
        throw new ConnectorError(
          'retryable',
          `Could not reach the database to take this item's turn: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (locked) return;
      if (shouldStop()) throw new ConnectorError('retryable', 'Not sent: the run stopped before this item’s turn.');
      await this.sleep(pauseMs);
    }
  }
}
