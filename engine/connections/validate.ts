import type { ActionDefinition, JsonObject, TriggerDefinition } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import { compileMapping } from '../mapping';
import { findRunAfterCycle, formatRunAfterCycle, validateSchedule, type Schedule } from '../schedule';
import { validateWithSchema, type SchemaProblem } from '../schema/validator';
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
  const sourceConnector = registry.get(document.source.connector);
  const trigger = registry.trigger(document.source.connector, document.source.trigger);
  if (!sourceConnector)
    problems.push({
      field: 'source.connector',
      message: `There is no connector "${document.source.connector}"; see GET /api/connectors.`,
    });
  else if (!trigger)
    problems.push({
      field: 'source.trigger',
      message: `${sourceConnector.displayName} has no trigger "${document.source.trigger}".`,
    });

  const sourceOptions = structuredClone(document.source.options ?? {});
  if (sourceConnector && trigger) {
    problems.push(...validateWithSchema(trigger.optionsSchema, sourceOptions, 'source.options'));
    problems.push(
      ...(await checkAccount(
        db,
        workspaceId,
        'source.account',
        sourceConnector.name,
        sourceConnector.account !== null,
        document.source.account,
      )),
    );
  }

  let action: ActionDefinition | null = null;
  const destinationOptions = structuredClone(document.destination?.options ?? {});
  if (document.destination) {
    const destinationConnector = registry.get(document.destination.connector);
    action = registry.action(document.destination.connector, document.destination.action) ?? null;
    if (!destinationConnector)
      problems.push({
        field: 'destination.connector',
        message: `There is no connector "${document.destination.connector}"; see GET /api/connectors.`,
      });
    else if (!action)
      problems.push({
        field: 'destination.action',
        message: `${destinationConnector.displayName} has no action "${document.destination.action}".`,
      });
    if (destinationConnector && action) {
      problems.push(...validateWithSchema(action.optionsSchema, destinationOptions, 'destination.options'));
      problems.push(
        ...(await checkAccount(
          db,
          workspaceId,
          'destination.account',
          destinationConnector.name,
          destinationConnector.account !== null,
          document.destination.account,
        )),
      );
      const compiled = compileMapping({ mapping: document.mapping ?? {}, inputSchema: action.inputSchema });
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
    const withZone = (
      document.schedule.type === 'times' && !document.schedule.timezone
        ? { ...document.schedule, timezone: args.workspaceTimezone }
        : document.schedule
    ) as Schedule;
    const scheduleProblems = [
      ...validateSchedule(withZone).map((problem) => ({ field: `schedule.${problem.field}`, message: problem.message })),
      ...unknownScheduleFields(withZone),
    ];
    problems.push(...scheduleProblems);
    if (scheduleProblems.length === 0) schedule = withZone;
  }
  if (document.runAfter)
    problems.push(...(await checkRunAfter(db, workspaceId, args.connectionId, document.name, document.runAfter)));

  if (problems.length > 0 || !trigger) return { problems, checked: null };
  return { problems, checked: { trigger, action, sourceOptions, destinationOptions, schedule } };
}
