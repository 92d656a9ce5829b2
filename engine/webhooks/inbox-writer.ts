import type { Db } from '../store/db';

export interface Delivery {
  connectionId: string;
  deliveryKey: string | null;
  /** JSON text of the payload (see serializePayload). */
  payloadJson: string;
  headers: Record<string, string>;
}

export interface StoredDelivery {
  id: number;
  /** True when this delivery key was stored before; `id` is then the original's. */
  duplicate: boolean;
}

interface Pending {
  delivery: Delivery;
  resolve(stored: StoredDelivery): void;
  reject(error: unknown): void;
}

interface Row {
  ord: number;
  id: number;
  inserted: boolean;
}

// One statement stores a whole batch. Ids are drawn first so each request learns its own
// id (RETURNING order is not guaranteed); a row skipped by ON CONFLICT is a duplicate.
const INSERT_BATCH = `
with incoming as materialized (
  select nextval(pg_get_serial_sequence('webhook_inbox', 'id')) as id, ord, connection_id, delivery_key, payload, headers
  from jsonb_to_recordset(?::jsonb) as t(ord int, connection_id uuid, delivery_key text, payload jsonb, headers jsonb)
), inserted as (
  insert into webhook_inbox (id, connection_id, delivery_key, payload, headers)
  select id, connection_id, delivery_key, payload, headers from incoming order by ord
  on conflict (connection_id, delivery_key) where delivery_key is not null do nothing
  returning id
)
select incoming.ord, incoming.id, inserted.id is not null as inserted
from incoming left join inserted on inserted.id = incoming.id`;

/**
 * Stores deliveries in webhook_inbox with group commit: while a batch is being written,
 * new deliveries queue up and go out together in the next single INSERT. Every promise
 * resolves only after its row is committed, so a sender is never answered before its
 * payload is durable, yet a busy hook costs one statement per batch, not per request.
 */
export class InboxWriter {
  private queue: Pending[] = [];
  private writing = 0;
  /** Statements written and deliveries they carried, for benchmarks and metrics. */
  readonly stats = { batches: 0, deliveries: 0 };

  constructor(
    private readonly db: Db,
    private readonly options: { maxConcurrentBatches?: number; maxBatchSize?: number } = {},
  ) {}

  store(delivery: Delivery): Promise<StoredDelivery> {
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, resolve, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    const maxConcurrent = this.options.maxConcurrentBatches ?? 4;
    const maxSize = this.options.maxBatchSize ?? 500;
    while (this.queue.length > 0 && this.writing < maxConcurrent) {
      const batch = this.queue.splice(0, maxSize);
      this.writing += 1;
      void this.writeBatch(batch).finally(() => {
        this.writing -= 1;
        this.startBatches();
      });
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.deliveries += batch.length;
    try {
      const results = await this.insert(batch.map((p) => p.delivery));
      batch.forEach((pending, index) => pending.resolve(results[index]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One bad delivery (e.g. its connection was just deleted) must not fail the others.
      await Promise.all(batch.map((pending) => this.writeBatch([pending])));
    }
  }

  private async insert(deliveries: Delivery[]): Promise<StoredDelivery[]> {
    // The payload is already JSON text: splice it in rather than parse and re-serialise it.
    const records = deliveries.map(
      (d, ord) =>
        `{"ord":${ord},"connection_id":${JSON.stringify(d.connectionId)},"delivery_key":${JSON.stringify(d.deliveryKey)},` +
        `"payload":${d.payloadJson},"headers":${JSON.stringify(d.headers)}}`,
    );
    const result = await this.db.raw<{ rows: Row[] }>(INSERT_BATCH, [`[${records.join(',')}]`]);
    const byOrd = new Map(result.rows.map((row) => [row.ord, row]));
    const stored: StoredDelivery[] = [];
    const duplicates: number[] = [];
    deliveries.forEach((_, ord) => {
      const row = byOrd.get(ord)!;
      stored.push({ id: row.id, duplicate: !row.inserted });
      if (!row.inserted) duplicates.push(ord);
    });
    if (duplicates.length > 0) await this.resolveOriginals(deliveries, stored, duplicates);
    return stored;
  }

  private async resolveOriginals(deliveries: Delivery[], stored: StoredDelivery[], ords: number[]): Promise<void> {
    const pairs = ords.map((ord) => [deliveries[ord]!.connectionId, deliveries[ord]!.deliveryKey!] as const);
    const rows = await this.db('webhook_inbox')
      .select<Array<{ id: number; connection_id: string; delivery_key: string }>>('id', 'connection_id', 'delivery_key')
      .whereIn(
        ['connection_id', 'delivery_key'],
        pairs.map(([c, k]) => [c, k]),
      );
    const original = new Map(rows.map((row) => [`${row.connection_id} ${row.delivery_key}`, row.id]));
    for (const ord of ords) {
      const id = original.get(`${deliveries[ord]!.connectionId} ${deliveries[ord]!.deliveryKey}`);
      if (id === undefined) throw new Error('A duplicate delivery has no stored original.');
      stored[ord] = { id, duplicate: true };
    }
  }
}
