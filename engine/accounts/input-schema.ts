import type { ConnectorRegistry } from '../../connectors';
import type { JsonObject, JsonSchema } from '../../connectors/sdk';
import type { Config } from '../config/config';
import type { Db } from '../store/db';
import { fieldError, notFound } from '../workspaces/service-error';
import { lookUp } from './options';

/**
 * The inputs an action takes with the options chosen so far: for a Google Sheets row, one
 * per header cell of the chosen sheet, read now. An action whose inputs never change
 * answers its fixed schema without a request.
 */
export async function loadInputSchema(args: {
  db: Db;
  config: Config;
  connectors: ConnectorRegistry;
  workspaceId: string;
  connector: string;
  action: string;
  accountId: string;
  options: JsonObject;
}): Promise<{ inputSchema: JsonSchema; dynamic: boolean }> {
  const definition = args.connectors.get(args.connector);
  if (!definition) throw notFound(`The connector "${args.connector}"`);
  const action = definition.actions[args.action];
  if (!action) throw fieldError('action', `${definition.name} has no action of that name`);
  const dynamic = action.dynamicInputSchema;
  if (!dynamic) return { inputSchema: action.inputSchema, dynamic: false };
  const inputSchema = await lookUp({
    ...args,
    definition,
    dependsOn: dynamic.dependsOn,
    what: 'the fields to fill in',
    load: (loadArgs) => dynamic.load(loadArgs),
  });
  return { inputSchema, dynamic: true };
}
