import { Router } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { previewScheduleFor } from '../../engine/connections/schedule-preview';
import type { Engine } from '../../engine/runtime/engine';
import { getAuth } from '../http/auth';
import { defineRoute } from '../http/route';

const previewBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['schedule'],
  // Its fields are checked as a connection's save checks them, with the same messages.
  properties: { schedule: { type: 'object' } },
};

/** Schedules being edited: what they would do if saved now. */
export function scheduleRoutes(engine: Engine): Router {
  const router = Router();
  defineRoute<{ schedule: object }>(
    router,
    {
      method: 'post',
      path: '/schedules/preview',
      tag: 'connections',
      summary: 'The first run a schedule would get if saved now (per time of day too) and its next due times',
      body: previewBody,
    },
    async (req, _res, { body }) =>
      previewScheduleFor({ deps: engine.connections, workspaceId: getAuth(req).workspaceId, schedule: body.schedule }),
  );
  return router;
}
