import type { ActionDefinition, ConnectorContext, JsonObject, JsonSchema } from '../../connectors/sdk';

/**
 * The schema a run maps and coerces to: the destination's own (a sheet's header row, read
 * once per run) when the action has one, so a column added or renamed since the
 * connection was saved is taken as it is now; else the action's fixed schema.
 */
export async function runInputSchema(args: {
  action: ActionDefinition;
  credentials: JsonObject;
  options: JsonObject;
  context: ConnectorContext;
}): Promise<JsonSchema> {
  const { action, ...loadArgs } = args;
  return action.dynamicInputSchema ? action.dynamicInputSchema.load(loadArgs) : action.inputSchema;
}
