import type { ConnectionDocument } from '../connections/document';
import type { ConnectionRecord } from '../connections/types';
import { toDocument } from '../connections/view';
import type { Db } from '../store/db';
import type { Actor } from '../teams/actor';
import { recordAudit, type AuditAction } from './audit';

const PARTS: Array<[keyof ConnectionDocument, string]> = [
  ['source', 'source'],
  ['destination', 'destination'],
  ['mapping', 'mapping'],
  ['schedule', 'schedule'],
  ['runAfter', 'run after'],
];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * `Renamed "A" to "B"; changed mapping, schedule.` Names the parts that changed, never
 * their values: a source's options may have held a webhook secret.
 */
export function connectionChangeSummary(before: ConnectionDocument, after: ConnectionDocument): string {
  const parts: string[] = [];
  if (before.name !== after.name) parts.push(`Renamed "${before.name}" to "${after.name}"`);
  const changed = PARTS.filter(([key]) => !same(before[key], after[key])).map(([, label]) => label);
  if (changed.length > 0) parts.push(`changed ${changed.join(', ')}`);
  if (before.enabled !== after.enabled) parts.push(after.enabled ? 'turned auto-update on' : 'turned auto-update off');
  const text = parts.join('; ');
  return text ? `${text[0]!.toUpperCase()}${text.slice(1)}.` : 'Saved with no changes.';
}

const target = (record: ConnectionRecord) => ({ type: 'connection' as const, id: record.id, name: record.name });

/** Records a save: created, or changed (enabled/disabled when only the switch moved). */
export async function auditConnectionSaved(
  db: Db,
  actor: Actor,
  before: ConnectionRecord | null,
  after: ConnectionRecord,
): Promise<void> {
  const document = toDocument(after);
  if (!before) {
    const to = document.destination ? `${document.destination.connector} ${document.destination.action}` : 'no destination yet';
    const summary = `Created "${after.name}": ${document.source.connector} ${document.source.trigger} to ${to}${after.enabled ? ', auto-update on' : ''}.`;
    return recordAudit(db, actor, { action: 'connection.created', target: target(after), summary });
  }
  const previous = toDocument(before);
  const onlySwitch =
    same({ ...previous, enabled: null }, { ...document, enabled: null }) && previous.enabled !== document.enabled;
  const action: AuditAction = onlySwitch
    ? document.enabled
      ? 'connection.enabled'
      : 'connection.disabled'
    : 'connection.changed';
  return recordAudit(db, actor, { action, target: target(after), summary: connectionChangeSummary(previous, document) });
}

export async function auditConnection(
  db: Db,
  actor: Actor,
  action: 'connection.deleted' | 'connection.run',
  record: ConnectionRecord,
  summary: string,
): Promise<void> {
  return recordAudit(db, actor, { action, target: target(record), summary });
}
