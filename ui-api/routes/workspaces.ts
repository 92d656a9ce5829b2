import { Router } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import type { Db } from '../../engine/store/db';
import { createWorkspace, deleteWorkspace, renameWorkspace } from '../../engine/workspaces/service';
import { getAuth } from '../http/auth';
import { defineRoute } from '../http/route';

const name: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
const timezone: JsonSchema = { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Berlin.' };
const tag = 'workspaces';

/** Starting, renaming and deleting workspaces; switching is POST /session/workspace. */
export function workspaceRoutes(db: Db): Router {
  const router = Router();

  defineRoute<{ name: string; timezone?: string }>(
    router,
    {
      method: 'post',
      path: '/workspaces',
      tag,
      status: 201,
      summary: 'Start a new workspace, with you as its owner (switch to it with POST /session/workspace)',
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name, timezone } },
    },
    async (req, _res, { body }) => createWorkspace({ db, actor: getAuth(req), ...body }),
  );

  defineRoute<{ name?: string; timezone?: string }>(
    router,
    {
      method: 'patch',
      path: '/workspace',
      tag,
      summary: 'Rename the current workspace or change its time zone',
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { name, timezone } },
    },
    async (req, _res, { body }) => renameWorkspace({ db, actor: getAuth(req), ...body }),
  );

  defineRoute<{ confirmName: string }>(
    router,
    {
      method: 'delete',
      path: '/workspace',
      tag,
      status: 204,
      summary: 'Delete the current workspace with its connections, accounts and data; confirmName must be its name',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['confirmName'],
        properties: { confirmName: { type: 'string', maxLength: 200, description: "The workspace's name, typed again." } },
      },
    },
    async (req, _res, { body }) => {
      await deleteWorkspace({ db, actor: getAuth(req), confirmName: body.confirmName });
    },
  );

  return router;
}
