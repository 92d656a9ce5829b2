import { Router } from 'express';
import type { ConnectorDefinition, JsonObject, JsonSchema, TriggerDefinition } from '../../connectors/sdk';
import { loadInputSchema } from '../../engine/accounts/input-schema';
import { loadDynamicOptions } from '../../engine/accounts/options';
import { getAuth } from '../http/auth';
import type { RouteDependencies } from '../http/dependencies';
import { defineRoute } from '../http/route';

const dependsOn = (dynamic: Record<string, { dependsOn: string[] }> | undefined) =>
  Object.fromEntries(Object.entries(dynamic ?? {}).map(([field, { dependsOn: fields }]) => [field, { dependsOn: fields }]));

/** The catalog entry: data only, nothing callable, nothing secret. */
export function catalogEntry(definition: ConnectorDefinition, googleSignIn = false): JsonObject {
  return {
    name: definition.name,
    displayName: definition.displayName,
    description: definition.description,
    account: definition.account
      ? {
          schema: definition.account.schema,
          // Sign-in is offered only when this server has an OAuth client for it.
          signIn: definition.account.signIn === 'google' && googleSignIn ? 'google' : null,
        }
      : null,
    triggers: Object.values(definition.triggers).map((trigger: TriggerDefinition) => ({
      name: trigger.name,
      displayName: trigger.displayName,
      description: trigger.description,
      kind: trigger.kind,
      optionsSchema: trigger.optionsSchema,
      dynamicOptions: dependsOn(trigger.kind === 'polling' ? trigger.dynamicOptions : undefined),
      sampleData: trigger.sampleData,
      // The wizard offers to create the endpoint in the service (Stripe) instead of pasting the URL.
      registersEndpoint: trigger.kind === 'push' && trigger.register !== undefined,
    })),
    actions: Object.values(definition.actions).map((action) => ({
      name: action.name,
      displayName: action.displayName,
      description: action.description,
      optionsSchema: action.optionsSchema,
      inputSchema: action.inputSchema,
      // The inputs depend on the destination (a sheet's header row): load them from
      // /connectors/:connector/input-schema once these options are chosen.
      dynamicInputSchema: action.dynamicInputSchema ? { dependsOn: action.dynamicInputSchema.dependsOn } : null,
      dynamicOptions: dependsOn(action.dynamicOptions),
      sampleData: action.sampleData,
    })),
  };
}

const optionsBodySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['account'],
  properties: {
    trigger: { type: 'string', minLength: 1, description: 'The trigger whose option this is (or give action).' },
    action: { type: 'string', minLength: 1, description: 'The action whose option this is (or give trigger).' },
    account: { type: 'string', format: 'uuid', description: 'An account of this connector in your workspace.' },
    options: { type: 'object', default: {}, description: 'The options chosen so far.' },
  },
};

interface OptionsBody {
  trigger?: string;
  action?: string;
  account: string;
  options: JsonObject;
}

const inputSchemaBodySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['action', 'account'],
  properties: {
    action: { type: 'string', minLength: 1, description: 'The action whose inputs to load, e.g. add-row.' },
    account: { type: 'string', format: 'uuid', description: 'An account of this connector in your workspace.' },
    options: { type: 'object', default: {}, description: "The action's options chosen so far (spreadsheetId, sheet)." },
  },
};

interface InputSchemaBody {
  action: string;
  account: string;
  options: JsonObject;
}

/** The connector catalog the wizard and scripts build connections from. */
export function connectorRoutes(deps: RouteDependencies): Router {
  const router = Router();
  const { db, config, connectors } = deps;

  defineRoute(
    router,
    {
      method: 'get',
      path: '/connectors',
      tag: 'connectors',
      summary: 'Systems with their account schema (secret fields writeOnly), triggers, actions, JSON Schemas and sample data',
      response: { type: 'object', properties: { connectors: { type: 'array', items: { type: 'object' } } } },
    },
    () => {
      const googleSignIn = Boolean(deps.config.googleOAuthClientId && deps.config.googleOAuthClientSecret);
      return { connectors: connectors.list().map((definition) => catalogEntry(definition, googleSignIn)) };
    },
  );

  defineRoute<OptionsBody>(
    router,
    {
      method: 'post',
      path: '/connectors/:connector/options/:field',
      tag: 'connectors',
      body: optionsBodySchema,
      summary: 'Load the choices of an option that depends on earlier ones (spreadsheets, sheets, columns)',
      response: {
        type: 'object',
        properties: {
          choices: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                value: { type: 'string' },
                label: { type: 'string' },
                suggestion: { type: 'string', description: 'Present on the choice the wizard proposes: why.' },
              },
            },
          },
        },
      },
    },
    async (req, _res, { body, params }) => ({
      choices: await loadDynamicOptions({
        db,
        config,
        connectors,
        workspaceId: getAuth(req).workspaceId,
        connector: params.connector!,
        field: params.field!,
        trigger: body.trigger,
        action: body.action,
        accountId: body.account,
        options: body.options,
      }),
    }),
  );

  defineRoute<InputSchemaBody>(
    router,
    {
      method: 'post',
      path: '/connectors/:connector/input-schema',
      tag: 'connectors',
      body: inputSchemaBodySchema,
      summary: "An action's mapping targets for the options chosen (a sheet's header cells, read from the sheet now)",
      response: {
        type: 'object',
        properties: {
          inputSchema: { type: 'object', description: 'JSON Schema of the inputs, as in the catalog.' },
          dynamic: { type: 'boolean', description: 'True when read from the destination, false for a fixed schema.' },
        },
      },
    },
    async (req, _res, { body, params }) =>
      loadInputSchema({
        db,
        config,
        connectors,
        workspaceId: getAuth(req).workspaceId,
        connector: params.connector!,
        action: body.action,
        accountId: body.account,
        options: body.options,
      }),
  );

  return router;
}
