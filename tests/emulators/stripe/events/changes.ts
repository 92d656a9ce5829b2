import type { ChangeObserver, Collection, StripeObject } from '../store';
import { fieldEvents, lifecycleEvent, statusEvents } from './event-types';

/** An event to record: its type and the object as it is now (plus what changed, for updates). */
export interface Change {
  type: string;
  object: StripeObject;
  previousAttributes?: Record<string, unknown>;
}

// Book-keeping fields Stripe changes without telling anyone.
const QUIET_FIELDS = new Set(['next_invoice_sequence', 'updated']);

/**
 * Watches one write operation: objects it made, objects it looked at (copied before it could
 * change them) and objects it deleted. `changes()` then lists the events Stripe would send,
 * in its order: creations, then updates, then deletions. An object made and removed again
 * by the same operation (a refused request rolled back) leaves no event.
 */
export class ChangeTracker implements ChangeObserver {
  private readonly made = new Map<string, { kind: string; object: StripeObject; status: unknown }>();
  private readonly before = new Map<string, { kind: string; object: StripeObject; copy: StripeObject }>();
  private readonly gone = new Map<string, { kind: string; object: StripeObject }>();

  inserted(collection: Collection, object: StripeObject): void {
    this.made.set(object.id, { kind: collection.kind, object, status: object.status });
  }

  read(collection: Collection, object: StripeObject): void {
    if (this.made.has(object.id) || this.before.has(object.id)) return;
    this.before.set(object.id, { kind: collection.kind, object, copy: structuredClone(object) });
  }

  removed(collection: Collection, object: StripeObject): void {
    if (this.made.delete(object.id)) return;
    this.before.delete(object.id);
    this.gone.set(object.id, { kind: collection.kind, object });
  }

  changes(): Change[] {
    const out: Change[] = [];
    const snapshot = (object: StripeObject) => structuredClone(object);
    for (const { kind, object, status } of this.made.values()) {
      for (const type of lifecycleEvent(kind, 'created')) out.push({ type, object: snapshot(object) });
      // A charge is announced in the status it is born with (charge.succeeded); other objects
      // only when they move on within the same request (an intent confirmed at creation).
      const now = object.status;
      if (typeof now === 'string' && (now !== status || kind === 'charge')) {
        for (const type of statusEvents(kind, now)) out.push({ type, object: snapshot(object) });
      }
    }
    for (const { kind, object, copy } of this.before.values()) {
      const previous = changedFields(copy, object);
      if (!previous) continue;
      const types = [...lifecycleEvent(kind, 'updated'), ...fieldEvents(kind, copy, object)];
      if (typeof object.status === 'string' && object.status !== copy.status) types.push(...statusEvents(kind, object.status));
      for (const type of types) out.push({ type, object: snapshot(object), previousAttributes: previous });
    }
    for (const { kind, object } of this.gone.values()) {
      for (const type of lifecycleEvent(kind, 'deleted')) out.push({ type, object: { ...snapshot(object), deleted: true } });
    }
    return out;
  }
}

/** The earlier values of the top-level fields that changed, or null when none did. */
function changedFields(before: StripeObject, after: StripeObject): Record<string, unknown> | null {
  const previous: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (QUIET_FIELDS.has(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key] = before[key] ?? null;
  }
  return Object.keys(previous).length > 0 ? previous : null;
}
