import type { ConnectorRegistry } from '../../connectors';
import { Choice, DynamicOptions, isConnectorError, JsonObject } from '../../connectors/sdk';
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

  const account = await loadAccountCredentials({
    db: args.db,
    config: args.config,
    workspaceId: args.workspaceId,
    accountId: args.accountId,
  });
  if (account.connector !== definition.name) {
    throw fieldError('account', `is a ${account.connector} account; choose a ${definition.name} account`);
  }
  const missing = dynamic.dependsOn.filter((name) => args.options[name] === undefined || args.options[name] === '');
  if (missing.length > 0) {
    throw new ServiceError(
      'validation_failed',
      `Fill in ${missing.join(', ')} first; the choices for ${args.field} depend on ${missing.length > 1 ? 'them' : 'it'}.`,
      {
        fields: missing.map((name) => ({ field: `options.${name}`, message: `is required to load ${args.field}` })),
      },
    );
  }
  try {
    return await dynamic.load({
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
      `The choices could not be loaded: ${reason}`,
      { kind },
    );
  }
}
