import type { Db } from '../store/db';

export interface Delivery {
  connectionId: string;
  deliveryKey: string | null;
  /** JSON text of the payload (see serializePayload). */
  payloadJson: string;
  headers: Record<string, string>;
  /** Identifies signed content (see checkDelivery); a second delivery with it is a replay. */
  signatureDigest?: string | null;
  signatureExpiresAt?: Date | null;
}

export interface StoredDelivery {
  id: number;
  /**
   * True when this delivery was stored before (same delivery key, or same signed content);
   * `id` is then the original's.
   */
  duplicate: boolean;
  /**
   * True when the delivery key was stored before with a different payload: nothing was
   * stored, and the sender must hear that its new data was not taken.
   */
  keyReused: boolean;
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
// id (RETURNING order is not guaranteed); a row skipped by ON CONFLICT (a delivery key or a
// signature seen before) is a duplicate.
const INSERT_BATCH = `
with incoming as materialized (
  select nextval(pg_get_serial_sequence('webhook_inbox', 'id')) as id, ord, connection_id, delivery_key, payload, headers,
         signature_digest, signature_expires_at
  from jsonb_to_recordset(?::jsonb) as t(ord int, connection_id uuid, delivery_key text, payload jsonb, headers jsonb,
                                         signature_digest text, signature_expires_at timestamptz)
), inserted as (
  insert into webhook_inbox (id, connection_id, delivery_key, payload, headers, signature_digest, signature_expires_at)
  select id, connection_id, delivery_key, payload, headers, signature_digest, signature_expires_at from incoming order by ord
  on conflict do nothing
  returning id
)
select incoming.ord, incoming.id, inserted.id is not null as inserted
from incoming left join inserted on inserted.id = incoming.id`;

// The stored original of each skipped delivery. The same signature means the same signed
// content, so it is a plain duplicate; the same delivery key is one only with the same
// payload (compared as JSON values). A pruned original cannot be compared: a duplicate.
const FIND_ORIGINALS = `
select d.ord, original.id, original.same_payload
from jsonb_to_recordset(?::jsonb) as d(ord int, connection_id uuid, delivery_key text, signature_digest text, payload jsonb)
cross join lateral (
  select i.id,
         coalesce(i.signature_digest = d.signature_digest, false) or i.pruned_at is not null or i.payload = d.payload
           as same_payload
  from webhook_inbox i
  where i.connection_id = d.connection_id and (i.delivery_key = d.delivery_key or i.signature_digest = d.signature_digest)
  order by (i.signature_digest = d.signature_digest) desc nulls last
  limit 1
) original`;

const record = (d: Delivery, ord: number, extra: string) =>
  `{"ord":${ord},"connection_id":${JSON.stringify(d.connectionId)},"delivery_key":${JSON.stringify(d.deliveryKey)},` +
  `"signature_digest":${JSON.stringify(d.signatureDigest ?? null)},"payload":${d.payloadJson}${extra}}`;

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
    const records = deliveries.map((d, ord) =>
      record(
        d,
        ord,
        `,"headers":${JSON.stringify(d.headers)},"signature_expires_at":${JSON.stringify(d.signatureExpiresAt ?? null)}`,
      ),
    );
    const result = await this.db.raw<{ rows: Row[] }>(INSERT_BATCH, [`[${records.join(',')}]`]);
    const byOrd = new Map(result.rows.map((row) => [row.ord, row]));
    const stored: StoredDelivery[] = [];
    const skipped: number[] = [];
    deliveries.forEach((_, ord) => {
      const row = byOrd.get(ord)!;
      stored.push({ id: row.id, duplicate: !row.inserted, keyReused: false });
      if (!row.inserted) skipped.push(ord);
    });
    if (skipped.length > 0) await this.resolveOriginals(deliveries, stored, skipped);
    return stored;
  }

  private async resolveOriginals(deliveries: Delivery[], stored: StoredDelivery[], ords: number[]): Promise<void> {
    const records = ords.map((ord) => record(deliveries[ord]!, ord, ''));
    const result = await this.db.raw<{ rows: Array<{ ord: number; id: number; same_payload: boolean }> }>(FIND_ORIGINALS, [
      `[${records.join(',')}]`,
    ]);
    const originals = new Map(result.rows.map((row) => [row.ord, row]));
    for (const ord of ords) {
      const original = originals.get(ord);
      if (!original) throw new Error('A duplicate delivery has no stored original.');
      stored[ord] = original.same_payload
        ? { id: original.id, duplicate: true, keyReused: false }
        : { id: original.id, duplicate: false, keyReused: true };
    }
  }
}
