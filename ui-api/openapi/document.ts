import type { JsonSchema } from '../../connectors/sdk';
import { RecordedRoute, recordedRoutes } from './registry';

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', examples: ['validation_failed'] },
        message: { type: 'string', description: 'What went wrong and what to do next.' },
        details: {
          type: 'object',
          properties: {
            fields: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
  },
};

/** `/accounts/:id` -> `/api/accounts/{id}` */
function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: `/api${converted}`, params };
}

function queryParameters(schema: JsonSchema | undefined): JsonSchema[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema?.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function operation(route: RecordedRoute, params: string[]): JsonSchema {
  const status = String(route.status ?? 200);
  const success =
    status === '204'
      ? { description: 'Done; no content.' }
      : { description: 'Success.', ...(route.response ? { content: { 'application/json': { schema: route.response } } } : {}) };
  const error = { $ref: '#/components/responses/Error' };
  return {
    summary: route.summary,
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(route.tag ? { tags: [route.tag] } : {}),
    ...(route.auth === false ? { security: [] } : {}),
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...queryParameters(route.query),
    ],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    responses: { [status]: success, '400': error, ...(route.auth === false ? {} : { '401': error }), default: error },
  };
}

/** The OpenAPI 3.1 document, generated from the schemas the routes validate with. */
export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const sorted = recordedRoutes().sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  for (const route of sorted) {
    const { path, params } = openApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method]: operation(route, params) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tributary API',
      version: '1',
      description:
        'Every state-changing request made with the session cookie needs the X-CSRF-Token header; API tokens (Authorization: Bearer trb_...) do not.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { token: [] }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'tributary_session' },
        token: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: ERROR_SCHEMA },
      responses: {
        Error: {
          description: 'An error; `code` is stable, `message` says what to do.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}
