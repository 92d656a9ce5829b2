import { Router } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { createApiToken, listApiTokens, revokeApiToken } from '../../engine/auth/api-tokens';
import { ROLES, type Role } from '../../engine/teams/roles';
import { getAuth } from '../http/auth';
import type { RouteDependencies } from '../http/dependencies';
import { defineRoute } from '../http/route';

const tokenSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    role: { type: ['string', 'null'], enum: [...ROLES, null], description: "null: acts with its user's role" },
    userId: { type: 'string', format: 'uuid' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time', description: 'Null: never expires.' },
    canCreateTokens: { type: 'boolean' },
  },
};

/** API tokens for scripts: `Authorization: Bearer trb_...`, scoped to one workspace. */
export function tokenRoutes(deps: RouteDependencies): Router {
  const router = Router();
  const { db, clock } = deps;

  defineRoute<{ name: string; role?: Role; expiresAt?: string | null; canCreateTokens?: boolean }>(
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
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          role: { type: 'string', enum: [...ROLES], description: 'Narrower than yours to limit the token; default: your role.' },
          expiresAt: {
            type: ['string', 'null'],
            format: 'date-time',
            description: 'When the token stops working (in the future). Leave out or null: it never expires.',
          },
          canCreateTokens: {
            type: 'boolean',
            default: false,
            description:
              'Whether requests made with this token may create other tokens. A token without it gets 403 forbidden ' +
              'here; what a token creates expires no later than the token itself.',
          },
        },
      },
      response: {
        ...tokenSchema,
        properties: { ...(tokenSchema.properties as object), token: { type: 'string', description: 'trb_...; store it now.' } },
      },
    },
    async (req, _res, { body }) =>
      createApiToken({
        db,
        now: clock(),
        actor: getAuth(req),
        name: body.name,
        role: body.role,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        canCreateTokens: body.canCreateTokens ?? false,
      }),
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/tokens',
      tag: 'tokens',
      summary: 'Your API tokens (an admin sees every token of the workspace), never their secrets',
      response: { type: 'object', properties: { tokens: { type: 'array', items: tokenSchema } } },
    },
    async (req) => ({ tokens: await listApiTokens({ db, actor: getAuth(req) }) }),
  );

  defineRoute(
    router,
    { method: 'delete', path: '/tokens/:id', tag: 'tokens', status: 204, summary: 'Revoke an API token at once' },
    async (req, _res, { params }) => {
      await revokeApiToken({ db, now: clock(), actor: getAuth(req), id: params.id! });
    },
  );

  return router;
}
