import { Router } from 'express';
import type { Engine } from '../../engine/runtime/engine';
import { getRun } from '../../engine/runs/repository';
import { countNotSent, sendNotSentItem } from '../../engine/runs/send-item';
import { listRunItems, NothingToRetryError, retryFailedItems, RunConflictError } from '../../engine/runs/service';
import type { ItemStatus } from '../../engine/runs/types';
import { isUuid, notFound, ServiceError } from '../../engine/workspaces/service-error';
import { getAuth } from '../http/auth';
import type { RouteDependencies } from '../http/dependencies';
import { defineRoute } from '../http/route';
import { pageResponseSchema } from '../http/pagination';
import { RUN_SCHEMA, runView } from './run-view';

/** The run log: a run's status and counts, its items, and retrying the failed ones. */
export function runRoutes(deps: RouteDependencies, engine: Engine): Router {
  const router = Router();
  const tag = 'runs';
  const runId = (id: string | undefined) => {
    if (!isUuid(id)) throw notFound('The run');
    return id;
  };

  defineRoute(
    router,
    { method: 'get', path: '/runs/:id', tag, summary: 'A run: status, counts, timings', response: RUN_SCHEMA },
    async (req, _res, { params }) => {
      const run = await getRun(deps.db, runId(params.id), getAuth(req).workspaceId);
      if (!run) throw notFound('The run');
      return { ...runView(run), itemsNotSent: await countNotSent(deps.db, run.id) };
    },
  );

  defineRoute<Record<string, never>, { status?: ItemStatus; cursor?: string; limit?: number }>(
    router,
    {
      method: 'get',
      path: '/runs/:id/items',
      tag,
      summary: 'A run’s items in the order they were recorded, optionally by status; paged',
      response: pageResponseSchema('items', {
        type: 'object',
        required: ['id', 'itemKey', 'status'],
        properties: {
          id: { type: 'string' },
          itemKey: { type: 'string' },
          status: { type: 'string', examples: ['sent', 'skipped', 'failed'] },
          source: { type: 'object' },
          mapped: { type: ['object', 'null'] },
          destinationObjectId: { type: ['string', 'null'] },
          error: { type: ['object', 'null'] },
          attempts: { type: 'integer' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      }),
      query: {
        type: 'object',
        additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['sent', 'skipped', 'failed', 'not_attempted'] },
          cursor: {
            type: 'string',
            pattern: '^[0-9]{1,18}$',
            description: 'The nextCursor of the previous page; leave out for the first page.',
          },
          limit: { type: 'integer', minimum: 1, maximum: 500, description: 'Items per page (default 100, at most 500).' },
        },
      },
    },
    async (req, _res, { params, query }) => {
      const run = await getRun(deps.db, runId(params.id), getAuth(req).workspaceId);
      if (!run) throw notFound('The run');
      const page = await listRunItems({
        db: deps.db,
        runId: run.id,
        status: query.status,
        after: query.cursor ? Number(query.cursor) : undefined,
        limit: query.limit ?? 100,
      });
      return {
        items: page.items.map((item) => ({
          id: String(item.id),
          itemKey: item.item_key,
          status: item.status,
          source: item.source,
          mapped: item.mapped,
          destinationObjectId: item.destination_object_id,
          error: item.error,
          result: item.result,
          attempts: item.attempts,
          notSent: item.note,
          sendRequestedAt: item.send_requested_at,
          updatedAt: item.updated_at,
        })),
        nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/runs/:id/retry-failed',
      tag,
      status: 202,
      summary: 'Send the run’s failed items again (same idempotency keys)',
    },
    async (req, _res, { params }) => {
      try {
        const retry = await retryFailedItems({ db: deps.db, actor: getAuth(req), runId: runId(params.id) });
        if (!retry) throw notFound('The run');
        engine.worker.poke();
        return { id: retry.id, run: runView(retry) };
      } catch (error) {
        if (error instanceof RunConflictError) throw new ServiceError('conflict', error.message, { runId: error.run.id });
        if (error instanceof NothingToRetryError) throw new ServiceError('conflict', error.message);
        throw error;
      }
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/runs/:id/items/:itemId/send',
      tag,
      status: 202,
      summary: 'Send an item the run did not send (a row that looks like an edit)',
    },
    async (req, _res, { params }) => {
      if (!/^[0-9]{1,18}$/.test(params.itemId ?? '')) throw notFound('The item');
      const run = await sendNotSentItem({
        db: deps.db,
        actor: getAuth(req),
        runId: runId(params.id),
        itemId: params.itemId as string,
      });
      engine.worker.poke();
      return { id: run.id, run: runView(run) };
    },
  );

  return router;
}
