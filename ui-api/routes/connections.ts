import { Router } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { connectionDocumentSchema, type ConnectionDocument } from '../../engine/connections/document';
import { previewConnection, sampleItems } from '../../engine/connections/samples';
import { TEST_SEND_CHOICES, testSend } from '../../engine/connections/test-send';
import { exportConnection, getConnection, listConnections } from '../../engine/connections/queries';
import { createConnection, deleteConnection, setConnectionEnabled, updateConnection } from '../../engine/connections/service';
import { findConnection } from '../../engine/connections/repository';
import { registerPushEndpoint } from '../../engine/connections/push-endpoint';
import type { Engine } from '../../engine/runtime/engine';
import { dailyItemCounts, listRuns, runByHand } from '../../engine/runs/service';
import { discoverFields } from '../../engine/webhooks/fields';
import { recentPayloads } from '../../engine/webhooks/inbox';
import { isUuid, notFound } from '../../engine/workspaces/service-error';
import { getAuth } from '../http/auth';
import type { RouteDependencies } from '../http/dependencies';
import { defineRoute } from '../http/route';
import { PageQuery, pageQuerySchema, pageResponseSchema } from '../http/pagination';
import { RUN_SCHEMA, runView } from './run-view';

const idParam = (id: string | undefined): string => {
  if (!isUuid(id)) throw notFound('The connection');
  return id;
};

// The fields a list shows; GET /connections/{id} has the same shape.
const CONNECTION_SUMMARY: JsonSchema = {
  type: 'object',
  required: ['id', 'name', 'source', 'enabled'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    source: { type: 'object' },
    destination: { type: ['object', 'null'] },
    enabled: { type: 'boolean' },
    nextRunAt: { type: ['string', 'null'], format: 'date-time' },
    lastRun: { type: ['object', 'null'] },
    webhookUrl: { type: ['string', 'null'] },
  },
};

const mappingOverride: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { mapping: connectionDocumentSchema.properties.mapping as JsonSchema },
};

/** Connections: build, save, switch on and off, preview, test, run, export and import. */
export function connectionRoutes(deps: RouteDependencies, engine: Engine): Router {
  const router = Router();
  const services = engine.connections;
  const tag = 'connections';
  const document = connectionDocumentSchema as unknown as JsonSchema;

  defineRoute<ConnectionDocument>(
    router,
    {
      method: 'post',
      path: '/connections',
      tag,
      status: 201,
      summary: 'Create a connection (validated in full before anything is stored)',
      body: document,
    },
    async (req, _res, { body }) => createConnection({ deps: services, actor: getAuth(req), document: body }),
  );

  defineRoute<ConnectionDocument>(
    router,
    {
      method: 'post',
      path: '/connections/import',
      tag,
      status: 201,
      summary: 'Import an exported connection document',
      body: document,
    },
    async (req, _res, { body }) =>
      createConnection({ deps: services, actor: getAuth(req), document: { ...body, enabled: false } }),
  );

  defineRoute<Record<string, never>, PageQuery>(
    router,
    {
      method: 'get',
      path: '/connections',
      tag,
      summary: 'The workspace’s connections, oldest first, with next run and last run; paged',
      query: pageQuerySchema(50),
      response: pageResponseSchema('connections', CONNECTION_SUMMARY),
    },
    async (req, _res, { query }) => {
      const page = await listConnections({
        deps: services,
        workspaceId: getAuth(req).workspaceId,
        cursor: query.cursor,
        limit: query.limit ?? 50,
      });
      return { connections: page.items, nextCursor: page.nextCursor };
    },
  );

  defineRoute(
    router,
    { method: 'get', path: '/connections/:id', tag, summary: 'One connection' },
    async (req, _res, { params }) =>
      getConnection({ deps: services, workspaceId: getAuth(req).workspaceId, id: idParam(params.id) }),
  );

  defineRoute<ConnectionDocument>(
    router,
    { method: 'put', path: '/connections/:id', tag, summary: 'Replace a connection’s document', body: document },
    async (req, _res, { params, body }) =>
      updateConnection({ deps: services, actor: getAuth(req), id: idParam(params.id), document: body }),
  );

  defineRoute(
    router,
    {
      method: 'delete',
      path: '/connections/:id',
      tag,
      status: 204,
      summary: 'Delete a connection (refused while others run after it)',
    },
    async (req, _res, { params }) => deleteConnection({ deps: services, actor: getAuth(req), id: idParam(params.id) }),
  );

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    defineRoute(
      router,
      { method: 'post', path: `/connections/:id/${verb}`, tag, summary: `${enabled ? 'Turn on' : 'Turn off'} auto-update` },
      async (req, _res, { params }) =>
        setConnectionEnabled({ deps: services, actor: getAuth(req), id: idParam(params.id), enabled }),
    );
  }

  defineRoute<{ mapping?: Record<string, string | number | boolean> }>(
    router,
    {
      method: 'post',
      path: '/connections/:id/preview',
      tag,
      summary: 'Sample items with the input each would send and its problems',
      body: mappingOverride,
    },
    async (req, _res, { params, body }) =>
      previewConnection({ deps: services, actor: getAuth(req), id: idParam(params.id), mapping: body.mapping }),
  );

  defineRoute<{ itemKey?: string; itemIndex?: number }>(
    router,
    {
      method: 'post',
      path: '/connections/:id/test-send',
      tag,
      summary:
        'Perform the action for one of the newest source items (by key or number); a real item counts as its delivery, sample data is marked as a test',
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          itemKey: {
            type: 'string',
            minLength: 1,
            maxLength: 1000,
            description: 'The key of an item the preview or samples show.',
          },
          itemIndex: { type: 'integer', minimum: 0, maximum: TEST_SEND_CHOICES - 1 },
        },
      },
    },
    async (req, _res, { params, body }) =>
      testSend({
        deps: services,
        actor: getAuth(req),
        id: idParam(params.id),
        itemKey: body.itemKey,
        itemIndex: body.itemIndex,
      }),
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/connections/:id/run',
      tag,
      status: 202,
      summary: 'Run now (answers with the active run if one is already going)',
    },
    async (req, res, { params }) => {
      const { run, created } = await runByHand({ db: deps.db, actor: getAuth(req), connectionId: idParam(params.id) });
      engine.worker.poke();
      res.status(created ? 202 : 200).json({ id: run.id, created, run: runView(run) });
    },
  );

  defineRoute(
    router,
    { method: 'get', path: '/connections/:id/export', tag, summary: 'The connection as an importable document' },
    async (req, _res, { params }) =>
      exportConnection({ deps: services, workspaceId: getAuth(req).workspaceId, id: idParam(params.id) }),
  );

  defineRoute<Record<string, never>, PageQuery>(
    router,
    {
      method: 'get',
      path: '/connections/:id/runs',
      tag,
      summary: 'The connection’s runs, newest first; paged',
      query: pageQuerySchema(50),
      response: pageResponseSchema('runs', RUN_SCHEMA),
    },
    async (req, _res, { params, query }) => {
      const { workspaceId } = getAuth(req);
      const id = idParam(params.id);
      if (!(await findConnection(deps.db, id, workspaceId))) throw notFound('The connection');
      const page = await listRuns({ db: deps.db, workspaceId, connectionId: id, cursor: query.cursor, limit: query.limit ?? 50 });
      return { runs: page.items.map(runView), nextCursor: page.nextCursor };
    },
  );

  defineRoute<Record<string, never>, { days?: number }>(
    router,
    {
      method: 'get',
      path: '/connections/:id/stats',
      tag,
      summary: 'Items sent and failed per day',
      query: { type: 'object', additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 366 } } },
    },
    async (req, _res, { params, query }) => {
      const { workspaceId } = getAuth(req);
      const id = idParam(params.id);
      if (!(await findConnection(deps.db, id, workspaceId))) throw notFound('The connection');
      return { days: await dailyItemCounts({ db: deps.db, workspaceId, connectionId: id, days: query.days ?? 30 }) };
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/connections/:id/webhook/payloads',
      tag,
      summary: 'The last payloads a webhook connection received, and their fields',
    },
    async (req, _res, { params }) => {
      const { workspaceId } = getAuth(req);
      const record = await findConnection(deps.db, idParam(params.id), workspaceId);
      if (!record || !record.webhook_token) throw notFound('The webhook connection');
      const received = await recentPayloads({ db: deps.db, workspaceId, connectionId: record.id, limit: 5 });
      const payloads = received.map((row) => row.payload);
      return { payloads, fields: discoverFields(payloads).map((found) => found.field), waiting: payloads.length === 0 };
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/connections/:id/webhook/register',
      tag,
      summary: 'Create the connection’s endpoint in its service (a Stripe webhook endpoint) and keep its signing secret',
    },
    async (req, _res, { params }) =>
      registerPushEndpoint({ deps: services, actor: getAuth(req), id: idParam(params.id), publicUrl: deps.config.publicUrl }),
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/connections/:id/samples',
      tag,
      summary: 'The newest source items (or sample data) and their fields',
    },
    async (req, _res, { params }) => {
      const { workspaceId } = getAuth(req);
      const record = await findConnection(deps.db, idParam(params.id), workspaceId);
      if (!record) throw notFound('The connection');
      return sampleItems(services, record);
    },
  );

  return router;
}
