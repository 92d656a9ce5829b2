import pg from 'pg';
import type { Db } from './db';

/** Advisory-lock key spaces (the first of PostgreSQL's two int4 keys), one per use. */
export const LOCK_SPACE = {
  /** Items with the same natural key on one destination account (issue 10.2). */
  naturalKey: 0x54524201,
  /** Held by a live worker for as long as its process lives (issue 10.7). */
  workerAlive: 0x54524202,
} as const;

/**
 * One PostgreSQL session per process that holds session-level advisory locks. Many locks
 * share it (a pool connection per held lock would starve the pool at 25 items in flight
 * per run), and because the locks belong to the session, PostgreSQL releases all of them
 * the moment the process dies: no lease to wait for. The session is opened on first use;
 * if it drops, the locks it held are gone and `generation` changes so holders can tell.
 */
export class SessionLocks {
  private client: pg.Client | null = null;
  private opening: Promise<pg.Client> | null = null;
  private closed = false;
  /** Bumped whenever the session is replaced; locks of an older generation are lost. */
  generation = 0;

  constructor(private readonly connection: string | pg.ClientConfig) {}

  /** The same server and database as `db`. */
  static forDatabase(db: Db): SessionLocks {
    // knex keeps the settings it parsed from the URL (the password non-enumerable, so
    // it never shows up in a log); copy them field by field.
    const settings = (db.client as { connectionSettings: pg.ClientConfig | string }).connectionSettings;
    if (typeof settings === 'string') return new SessionLocks(settings);
    const { host, port, user, password, database, ssl } = settings;
    return new SessionLocks({ host, port: port === undefined ? undefined : Number(port), user, password, database, ssl });
  }

  /** Takes the lock without waiting; false when another session holds it. */
  async tryLock(space: number, key: string): Promise<boolean> {
    const result = await this.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [space, key]);
    return result.rows[0]?.locked === true;
  }

  async unlock(space: number, key: string): Promise<void> {
    await this.query('select pg_advisory_unlock($1, hashtext($2))', [space, key]);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.opening?.catch(() => null));
    this.client = null;
    this.opening = null;
    await client?.end().catch(() => undefined);
  }

  // One statement at a time on the session: pg no longer wants callers to queue on a client.
  private queue: Promise<unknown> = Promise.resolve();

  private query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    const result = this.queue.then(async () => (await this.open()).query<R>(text, values));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private open(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('The lock session is closed.'));
    if (this.client) return Promise.resolve(this.client);
    this.opening ??= (async () => {
      const config = typeof this.connection === 'string' ? { connectionString: this.connection } : this.connection;
      const client = new pg.Client({ ...config, application_name: 'tributary-locks' });
      // A dropped session must not crash the process: its locks are gone, the next call reconnects.
      client.on('error', () => this.forget(client));
      client.on('end', () => this.forget(client));
      try {
        await client.connect();
      } catch (error) {
        this.opening = null;
        throw error;
      }
      this.client = client;
      this.opening = null;
      this.generation += 1;
      return client;
    })();
    return this.opening;
  }

  private forget(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    // Its locks are gone: holders comparing generations take theirs again (heartbeat.ts).
    this.generation += 1;
    void client.end().catch(() => undefined);
  }
}
