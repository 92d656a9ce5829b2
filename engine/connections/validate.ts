import type { ActionDefinition, JsonObject, TriggerDefinition } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { compileMapping } from '../mapping';
import { findRunAfterCycle, formatRunAfterCycle, validateSchedule, type Schedule } from '../schedule';
import { schemaProblems, type SchemaProblem } from '../schema/validator';
import type { Db } from '../store/db';
import type { ConnectionDocument } from './document';

export interface CheckedConnection {
  trigger: TriggerDefinition;
  action: ActionDefinition | null;
  sourceOptions: JsonObject;
  destinationOptions: JsonObject;
  schedule: Schedule | null;
}

async function checkAccount(
  db: Db,
  workspaceId: string,
  field: string,
  connector: string,
  needsAccount: boolean,
  accountId: string | null | undefined,
): Promise<SchemaProblem[]> {
  if (!needsAccount) return accountId ? [{ field, message: `${connector} needs no account; remove it.` }] : [];
  if (!accountId) return [{ field, message: `Choose a ${connector} account, or connect a new one.` }];
  const account = (await db('accounts').where({ id: accountId, workspace_id: workspaceId }).first('connector')) as
    { connector: string } | undefined;
  if (!account) return [{ field, message: 'No such account in this workspace; choose one from the list.' }];
  if (account.connector !== connector)
    return [{ field, message: `This is a ${account.connector} account; choose a ${connector} account.` }];
  return [];
}

// validateSchedule reads only the fields it knows; anything else would be stored silently
// and mean nothing, so it is named instead (a typo such as "minute" must not pass).
const SCHEDULE_FIELDS: Record<string, readonly string[]> = {
  interval: ['type', 'minutes', 'anchor'],
  times: ['type', 'times', 'timezone'],
  cron: ['type', 'expression', 'timezone'],
  manual: ['type'],
};

function unknownScheduleFields(schedule: object): SchemaProblem[] {
  const known = SCHEDULE_FIELDS[String((schedule as { type?: unknown }).type)];
  if (!known) return [];
  return Object.keys(schedule)
    .filter((field) => !known.includes(field))
    .map((field) => ({
      field: `schedule.${field}`,
      message: `is not a known field of a schedule; known fields are ${known.join(', ')}.`,
    }));
}

/**
 * A schedule as saved: times of day and cron expressions without a zone get the
 * workspace's; every problem is named under `schedule.` (the schedule is null when any).
 */
export function checkSchedule(
  input: object,
  workspaceTimezone: string,
): { problems: SchemaProblem[]; schedule: Schedule | null } {
  const typed = input as { type?: unknown; timezone?: unknown };
  const withZone = (
    (typed.type === 'times' || typed.type === 'cron') && !typed.timezone ? { ...input, timezone: workspaceTimezone } : input
  ) as Schedule;
  const problems = [
    ...validateSchedule(withZone).map((problem) => ({ field: `schedule.${problem.field}`, message: problem.message })),
    ...unknownScheduleFields(withZone),
  ];
  return { problems, schedule: problems.length === 0 ? withZone : null };
}

async function checkRunAfter(
  db: Db,
  workspaceId: string,
  connectionId: string | null,
  name: string,
  runAfter: string,
): Promise<SchemaProblem[]> {
  const rows = (await db('connections').where({ workspace_id: workspaceId }).select('id', 'name', 'run_after')) as Array<{
    id: string;
    name: string;
    run_after: string | null;
  }>;
  if (!rows.some((row) => row.id === runAfter)) {
    return [{ field: 'runAfter', message: 'No such connection in this workspace; choose one from the list.' }];
  }
  const selfId = connectionId ?? 'this-connection';
  if (runAfter === selfId) return [{ field: 'runAfter', message: 'A connection cannot run after itself.' }];
  const edges = new Map(rows.map((row) => [row.id, row.run_after]));
  const cycle = findRunAfterCycle(edges, selfId, runAfter);
  if (!cycle) return [];
  const names = new Map(rows.map((row) => [row.id, row.name]));
  // The name being saved, which may differ from the stored one when both change at once.
  names.set(selfId, name);
  return [
    {
      field: 'runAfter',
      message: `This would make a loop: ${formatRunAfterCycle(cycle, (id) => names.get(id) ?? id)}. Choose another connection.`,
    },
  ];
}

/**
 * One side of a connection (source trigger or destination action): the connector and
 * what it does must exist, the options must fit its schema (defaults filled in), and the
 * account must be the workspace's own, of that connector.
 */
async function checkEndpoint<Found extends { optionsSchema: JsonObject }>(args: {
  db: Db;
  workspaceId: string;
  side: 'source' | 'destination';
  kind: 'trigger' | 'action';
  endpoint: { connector: string; name: string; account?: string | null; options?: JsonObject };
  find: (connector: string, name: string) => Found | undefined;
  registry: ConnectorRegistry;
}): Promise<{ problems: SchemaProblem[]; found: Found | null; options: JsonObject }> {
  const { side, kind, endpoint } = args;
  const options = structuredClone(endpoint.options ?? {});
  const connector = args.registry.get(endpoint.connector);
  if (!connector) {
    const message = `There is no connector "${endpoint.connector}"; see GET /api/connectors.`;
    return { problems: [{ field: `${side}.connector`, message }], found: null, options };
  }
  const found = args.find(endpoint.connector, endpoint.name);
  if (!found) {
    const message = `${connector.displayName} has no ${kind} "${endpoint.name}".`;
    return { problems: [{ field: `${side}.${kind}`, message }], found: null, options };
  }
  const problems = [
    ...schemaProblems(found.optionsSchema, options, { prefix: `${side}.options` }),
    ...(await checkAccount(
      args.db,
      args.workspaceId,
      `${side}.account`,
      connector.name,
      connector.account !== null,
      endpoint.account,
    )),
  ];
  return { problems, found, options };
}

/**
 * Every problem with a connection document, each naming its field, checked before
 * anything is stored. Options come back with their schema defaults filled in.
 */
export async function checkConnection(args: {
  db: Db;
  registry: ConnectorRegistry;
  workspaceId: string;
  workspaceTimezone: string;
  connectionId: string | null;
  document: ConnectionDocument;
}): Promise<{ problems: SchemaProblem[]; checked: CheckedConnection | null }> {
  const { db, registry, workspaceId, document } = args;
  const problems: SchemaProblem[] = [];
  const source = await checkEndpoint({
    db,
    workspaceId,
    side: 'source',
    kind: 'trigger',
    endpoint: { ...document.source, name: document.source.trigger },
    find: (connector, name) => registry.trigger(connector, name),
    registry,
  });
  problems.push(...source.problems);
  const trigger = source.found;
  const sourceOptions = source.options;

  let action: ActionDefinition | null = null;
  let destinationOptions: JsonObject = {};
  if (document.destination) {
    const destination = await checkEndpoint({
      db,
      workspaceId,
      side: 'destination',
      kind: 'action',
      endpoint: { ...document.destination, name: document.destination.action },
      find: (connector, name) => registry.action(connector, name),
      registry,
    });
    problems.push(...destination.problems);
    action = destination.found;
    destinationOptions = destination.options;
    if (action) {
      // A draft is saved step by step: its destination before its mapping. Required inputs
      // must be mapped before the connection is turned on, not before it can be saved.
      const compiled = compileMapping({
        mapping: document.mapping ?? {},
        inputSchema: action.inputSchema,
        allowMissing: !document.enabled,
      });
      if (!compiled.ok)
        problems.push(...compiled.errors.map((error) => ({ field: `mapping.${error.field}`, message: error.message })));
    }
  } else if (document.mapping && Object.keys(document.mapping).length > 0) {
    problems.push({ field: 'mapping', message: 'Choose a destination before mapping fields.' });
  }
  if (document.enabled && !document.destination) {
    problems.push({ field: 'enabled', message: 'Choose a destination and map its fields before turning the connection on.' });
  }

  let schedule: Schedule | null = null;
  if (document.schedule) {
    const checked = checkSchedule(document.schedule, args.workspaceTimezone);
    problems.push(...checked.problems);
    schedule = checked.schedule;
  }
  if (document.runAfter)
    problems.push(...(await checkRunAfter(db, workspaceId, args.connectionId, document.name, document.runAfter)));

  if (problems.length > 0 || !trigger) return { problems, checked: null };
  return { problems, checked: { trigger, action, sourceOptions, destinationOptions, schedule } };
}
