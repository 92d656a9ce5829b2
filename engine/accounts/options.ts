import type { ConnectorRegistry } from '../../connectors';
import type { Choice, ConnectorContext, ConnectorDefinition, DynamicOptions, JsonObject } from '../../connectors/sdk';
import { isConnectorError } from '../../connectors/sdk';
import type { Config } from '../config/config';
import type { Db } from '../store/db';
import { fieldError, notFound, ServiceError } from '../workspaces/service-error';
import { accountContext } from '../rate-limits';
import { connectorContext } from './context';
import { withoutCredentials } from './redact';
import { loadAccountCredentials } from './service';

/** Choices for an option that depends on earlier ones (the sheets of a spreadsheet, its columns). */
export async function loadDynamicOptions(args: {
  db: Db;
  config: Config;
  connectors: ConnectorRegistry;
  workspaceId: string;
  connector: string;
  trigger?: string;
  action?: string;
  field: string;
  accountId: string;
  options: JsonObject;
}): Promise<Choice[]> {
  const definition = args.connectors.get(args.connector);
  if (!definition) throw notFound(`The connector "${args.connector}"`);
  if (Boolean(args.trigger) === Boolean(args.action)) {
    throw fieldError(args.trigger ? 'action' : 'trigger', 'give exactly one of trigger or action');
  }
  const step = args.trigger ? definition.triggers[args.trigger] : definition.actions[args.action!];
  if (!step) {
    throw fieldError(
      args.trigger ? 'trigger' : 'action',
      `${definition.name} has no ${args.trigger ? 'trigger' : 'action'} of that name`,
    );
  }
  const dynamic = ('dynamicOptions' in step ? step.dynamicOptions : undefined)?.[args.field] as
    DynamicOptions<JsonObject> | undefined;
  if (!dynamic) throw notFound(`The option "${args.field}" with loadable choices`);

  return lookUp({ ...args, definition, dependsOn: dynamic.dependsOn, what: `the choices for ${args.field}`, load: dynamic.load });
}

/**
 * Something a wizard step loads from the service with one of the workspace's accounts
 * (choices of an option, the inputs of a sheet's header row): the account must be of the
 * connector, the options it depends on filled in, and a failure says what to fix.
 */
export async function lookUp<T>(args: {
  db: Db;
  config: Config;
  connectors: ConnectorRegistry;
  workspaceId: string;
  definition: ConnectorDefinition;
  accountId: string;
  options: JsonObject;
  dependsOn: string[];
  /** What is loaded, for messages: "the choices for sheet". */
  what: string;
  load: (args: { credentials: JsonObject; options: JsonObject; context: ConnectorContext }) => Promise<T>;
}): Promise<T> {
  const { definition } = args;
  const account = await loadAccountCredentials({
    db: args.db,
    config: args.config,
    workspaceId: args.workspaceId,
    accountId: args.accountId,
  });
  if (account.connector !== definition.name) {
    throw fieldError('account', `is a ${account.connector} account; choose a ${definition.name} account`);
  }
  const missing = args.dependsOn.filter((name) => args.options[name] === undefined || args.options[name] === '');
  if (missing.length > 0) {
    throw new ServiceError(
      'validation_failed',
      `Fill in ${missing.join(', ')} first; ${args.what} depend on ${missing.length > 1 ? 'them' : 'it'}.`,
      {
        fields: missing.map((name) => ({ field: `options.${name}`, message: `is required to load ${args.what}` })),
      },
    );
  }
  try {
    return await args.load({
      credentials: account.credentials,
      options: args.options,
      // Look-ups in the wizard count against the account's rate like a run's requests.
      context: accountContext({
        db: args.db,
        context: connectorContext(args.config),
        registry: args.connectors,
        connector: definition.name,
        accountId: args.accountId,
        credentials: account.credentials,
      }),
    });
  } catch (error) {
    const reason = withoutCredentials(error instanceof Error ? error.message : String(error), account.credentials);
    const kind = isConnectorError(error) ? error.kind : 'retryable';
    throw new ServiceError(
      kind === 'auth' ? 'account_verification_failed' : 'connector_failed',
      `${args.what[0]!.toUpperCase()}${args.what.slice(1)} could not be loaded: ${reason}`,
      { kind },
    );
  }
}
