import { Router } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { createApiToken, listApiTokens, revokeApiToken } from '../../engine/auth/api-tokens';
import { getAuth } from '../http/auth';
import type { RouteDependencies } from '../http/dependencies';
import { defineRoute } from '../http/route';

const tokenSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

/** API tokens for scripts: `Authorization: Bearer trb_...`, scoped to one workspace. */
export function tokenRoutes(deps: RouteDependencies): Router {
  const router = Router();
  const { db, clock } = deps;

  defineRoute<{ name: string }>(
    router,
    {
      method: 'post',
      path: '/tokens',
      tag: 'tokens',
      status: 201,
      summary: 'Create an API token; the token is shown in this response only',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
      },
      response: {
        ...tokenSchema,
        properties: { ...(tokenSchema.properties as object), token: { type: 'string', description: 'trb_...; store it now.' } },
      },
    },
    async (req, _res, { body }) => {
      const { userId, workspaceId } = getAuth(req);
      return createApiToken({ db, now: clock(), workspaceId, userId, name: body.name });
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/tokens',
      tag: 'tokens',
      summary: "The workspace's API tokens (never their secrets)",
      response: { type: 'object', properties: { tokens: { type: 'array', items: tokenSchema } } },
    },
    async (req) => ({ tokens: await listApiTokens({ db, workspaceId: getAuth(req).workspaceId }) }),
  );

  defineRoute(
    router,
    { method: 'delete', path: '/tokens/:id', tag: 'tokens', status: 204, summary: 'Revoke an API token at once' },
    async (req, _res, { params }) => {
      await revokeApiToken({ db, now: clock(), workspaceId: getAuth(req).workspaceId, id: params.id! });
    },
  );

  return router;
}
