import pg from 'pg';
import type { Db } from './db';

/** Advisory-lock key spaces (the first of PostgreSQL's two int4 keys), one per use. */
export const LOCK_SPACE = {
  /** Items with the same natural key on one destination account (issue 10.2). */
  naturalKey: 0x54524201,
  /** Held by a live worker for as long as its process lives (issue 10.7). */
  workerAlive: 0x54524202,
} as const;

interface LockRequest {
  kind: 'lock' | 'unlock';
  space: number;
  key: string;
  resolve(done: boolean): void;
  reject(error: unknown): void;
}

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
  /** For tests and benchmarks: statements sent on the session. */
  readonly stats = { statements: 0 };

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
  tryLock(space: number, key: string): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ kind: 'lock', space, key, resolve: (locked) => resolve(locked === true), reject });
      this.drain();
    });
  }

  unlock(space: number, key: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ kind: 'unlock', space, key, resolve: () => resolve(), reject });
      this.drain();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.opening?.catch(() => null));
    this.client = null;
    this.opening = null;
    await client?.end().catch(() => undefined);
  }

  // One statement at a time on the session (pg no longer wants callers to queue on a
  // client). Requests that arrive while one is under way go together in the next: with
  // 25 items in flight per run, a round trip per lock and per unlock would make the
  // session every item's queue (issue 15.4).
  private waiting: LockRequest[] = [];
  private sending = false;

  private drain(): void {
    if (this.sending || this.waiting.length === 0) return;
    this.sending = true;
    const batch = this.waiting;
    this.waiting = [];
    this.send(batch).finally(() => {
      this.sending = false;
      this.drain();
    });
  }

  /**
   * Unlocks first, then locks, each kind in one statement. A key is never both released and
   * taken in one batch: KeyLocks asks for a key's next turn only once its unlock answered.
   */
  private async send(batch: LockRequest[]): Promise<void> {
    for (const kind of ['unlock', 'lock'] as const) {
      const requests = batch.filter((request) => request.kind === kind);
      if (requests.length === 0) continue;
      const call = kind === 'lock' ? 'pg_try_advisory_lock' : 'pg_advisory_unlock';
      try {
        const client = await this.open();
        this.stats.statements++;
        const result = await client.query<{ done: boolean }>(
          `select ${call}(t.space, hashtext(t.key)) as done
             from unnest($1::int[], $2::text[]) with ordinality as t(space, key, position)
            order by t.position`,
          [requests.map((request) => request.space), requests.map((request) => request.key)],
        );
        requests.forEach((request, index) => request.resolve(result.rows[index]?.done === true));
      } catch (error) {
        for (const request of requests) request.reject(error);
      }
    }
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
