import type { ActionDefinition, PollingTrigger, SourceItem } from '../../connectors/sdk';
import { isConnectorError } from '../../connectors/sdk';
import { compileMapping, unknownFieldWarnings } from '../mapping';
import { loadCredentials } from '../runner/credentials';
import { discoverFields } from '../webhooks/fields';
import { recentPayloads } from '../webhooks/inbox';
import { ServiceError } from '../workspaces/service-error';
import { accountContext } from '../rate-limits';
import { workspaceTimezone } from '../workspaces/repository';
import { findConnection } from './repository';
import type { ConnectionServiceDeps } from './service';
import { allow, type Actor } from '../teams/actor';
import type { ConnectionRecord } from './types';
import { keepRead, recentRead } from './sample-cache';

export interface SampleSet {
  items: SourceItem[];
  /** True when the source had nothing yet and these are the trigger's sample data. */
  fromSampleData: boolean;
  fields: string[];
}

// Nested data (a webhook's payload, a Stripe object) is offered by dotted path; a sheet's
// flat rows come out as their column names, in column order.
function fieldsOf(items: SourceItem[]): string[] {
  return discoverFields(items.map((item) => item.data)).map((found) => found.field);
}

/** A polled source's newest items, read now and kept for previews that follow. */
async function readPolled(
  deps: ConnectionServiceDeps,
  trigger: PollingTrigger,
  record: ConnectionRecord,
  limit: number,
): Promise<SourceItem[]> {
  const credentials = await loadCredentials(deps.db, deps.secretKey, record.workspace_id, record.source_account_id);
  const context = {
    ...accountContext({ ...deps, connector: record.source_connector, accountId: record.source_account_id, credentials }),
    timezone: await workspaceTimezone(deps.db, record.workspace_id),
  };
  const items = await trigger.recent({ credentials, options: record.source_options, limit, context });
  keepRead(record, limit, items);
  return items;
}

/**
 * The newest few source items (Sheets rows, webhook payloads), or sample data when there are
 * none. `reuseRecent` lets a polled source's read from the last 30 seconds stand (previews).
 */
export async function sampleItems(
  deps: ConnectionServiceDeps,
  record: ConnectionRecord,
  { limit = 3, reuseRecent = false }: { limit?: number; reuseRecent?: boolean } = {},
): Promise<SampleSet> {
  const trigger = deps.registry.trigger(record.source_connector, record.source_trigger);
  if (!trigger)
    throw new ServiceError('validation_failed', 'The source is not available.', {
      fields: [{ field: 'source.trigger', message: 'unknown trigger' }],
    });
  let items: SourceItem[];
  try {
    if (trigger.kind === 'push') {
      items = (await recentPayloads({ db: deps.db, workspaceId: record.workspace_id, connectionId: record.id, limit })).map(
        // The key a run gives the payload, so a test send of it counts as its delivery.
        (row) => ({ key: row.key, data: row.payload }),
      );
    } else {
      items = (reuseRecent ? recentRead(record, limit) : undefined) ?? (await readPolled(deps, trigger, record, limit));
    }
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    throw new ServiceError('connector_failed', `Could not read the source: ${error.message}`, {
      fields: [{ field: 'source.options', message: error.message }],
    });
  }
  const fromSampleData = items.length === 0;
  if (fromSampleData) items = trigger.sampleData.slice(0, limit).map((data, index) => ({ key: `sample-${index + 1}`, data }));
  return { items, fromSampleData, fields: fieldsOf(items) };
}

/** The connection and its destination action (undefined while it is a draft). */
export async function loadForSamples(deps: ConnectionServiceDeps, workspaceId: string, id: string) {
  const record = await findConnection(deps.db, id, workspaceId);
  if (!record) throw new ServiceError('not_found', 'The connection was not found in this workspace.');
  const action: ActionDefinition | undefined =
    record.destination_connector && record.destination_action
      ? deps.registry.action(record.destination_connector, record.destination_action)
      : undefined;
  return { record, action };
}

/** The connection's mapping compiled for its action, or a validation error naming each field. */
export function compileOrThrow(
  deps: ConnectionServiceDeps,
  record: ConnectionRecord,
  action: ActionDefinition,
  options: { allowMissing?: boolean } = {},
) {
  const compiled = compileMapping({
    mapping: record.mapping,
    inputSchema: action.inputSchema,
    allowMissing: options.allowMissing,
    expressions: deps.expressions,
    // Once one sample's expression was stopped, the others say so at once instead of each
    // making the person wait for the whole deadline again.
    stopsBeforeGivingUp: 1,
  });
  if (!compiled.ok) {
    throw new ServiceError('validation_failed', 'The field mapping has errors.', {
      fields: compiled.errors.map((error) => ({ field: `mapping.${error.field}`, message: error.message })),
    });
  }
  return compiled;
}

/**
 * Sample items with the input each would send and each item's problems, field by field,
 * plus warnings about placeholders that name no source field. A mapping still being made
 * previews what it has: required inputs not mapped yet are problems of each item, not a
 * refusal of the whole preview.
 */
export async function previewConnection(args: {
  deps: ConnectionServiceDeps;
  actor: Actor;
  id: string;
  /** A mapping being edited and not saved yet; default: the saved one. */
  mapping?: ConnectionRecord['mapping'];
}) {
  const loaded = await loadForSamples(args.deps, allow(args.actor, 'connections.build'), args.id);
  const action = loaded.action;
  const record = args.mapping ? { ...loaded.record, mapping: args.mapping } : loaded.record;
  // Edits being previewed reuse a recent read; a preview of the saved mapping (the test
  // step) reads the source afresh.
  const samples = await sampleItems(args.deps, record, { reuseRecent: args.mapping !== undefined });
  const base = { fields: samples.fields, fromSampleData: samples.fromSampleData };
  if (!action)
    return {
      ...base,
      items: samples.items.map((item) => ({ key: item.key, source: item.data, input: null, errors: [] })),
      warnings: [],
    };
  const compiled = compileOrThrow(args.deps, record, action, { allowMissing: true });
  const missing = compiled.missing.map((error) => ({ field: error.field, message: error.message, value: null }));
  const items = [];
  for (const item of samples.items) {
    const result = await compiled.mapping.apply(item.data);
    const errors = result.ok ? [] : result.errors.map((e) => ({ field: e.field, message: e.message, value: e.value }));
    items.push({ key: item.key, source: item.data, input: result.ok ? result.input : null, errors: [...missing, ...errors] });
  }
  // Sample data stands in for a source with nothing yet, so its fields are no yardstick.
  const warnings = samples.fromSampleData ? [] : unknownFieldWarnings(record.mapping, samples.fields);
  return { ...base, items, warnings };
}
