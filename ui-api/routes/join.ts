import { Router } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { PASSWORD_RULE } from '../../engine/auth/password-rule';
import { acceptInvitation, lookupInvitation, type TeamDeps } from '../../engine/teams/invitations';
import { changeOwnPassword, completePasswordReset, lookupPasswordReset } from '../../engine/teams/passwords';
import { getAuth, sessionTokenOf } from '../http/auth';
import { setSessionCookie } from '../http/cookies';
import { defineRoute } from '../http/route';
import { sessionSchema } from './session-schemas';

const token: JsonSchema = { type: 'string', minLength: 20, maxLength: 200, description: 'The secret after #token= in the link.' };
const password: JsonSchema = { type: 'string', minLength: 1, maxLength: 1024, writeOnly: true, description: PASSWORD_RULE };
const tokenOnly: JsonSchema = { type: 'object', additionalProperties: false, required: ['token'], properties: { token } };
const tokenAndPassword: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'password'],
  properties: { token, password },
};
const tag = 'session';

/** What one-time links open (joining, setting a new password), and changing your own password. */
export function joinRoutes(team: TeamDeps): Router {
  const router = Router();

  defineRoute<{ token: string }>(
    router,
    {
      method: 'post',
      path: '/invitations/lookup',
      tag,
      auth: false,
      body: tokenOnly,
      summary: 'What an invitation link is for (workspace, email, role, whether the email has an account)',
    },
    async (_req, _res, { body }) => lookupInvitation({ deps: team, token: body.token }),
  );

  defineRoute<{ token: string; password: string }>(
    router,
    {
      method: 'post',
      path: '/invitations/accept',
      tag,
      auth: false,
      status: 201,
      body: tokenAndPassword,
      response: sessionSchema,
      summary: 'Join with an invitation link (new password, or the existing account’s) and log in there',
    },
    async (req, res, { body }) => {
      const session = await acceptInvitation({ deps: team, token: body.token, password: body.password });
      setSessionCookie(req, res, session.token, session.expiresAt);
      return session.view;
    },
  );

  defineRoute<{ token: string }>(
    router,
    {
      method: 'post',
      path: '/password-resets/lookup',
      tag,
      auth: false,
      body: tokenOnly,
      summary: 'Whose password a reset link sets',
    },
    async (_req, _res, { body }) => lookupPasswordReset({ deps: team, token: body.token }),
  );

  defineRoute<{ token: string; password: string }>(
    router,
    {
      method: 'post',
      path: '/password-resets/complete',
      tag,
      auth: false,
      body: tokenAndPassword,
      summary: 'Set a new password with a reset link; every session of that person ends',
    },
    async (_req, _res, { body }) => completePasswordReset({ deps: team, token: body.token, password: body.password }),
  );

  defineRoute<{ currentPassword: string; newPassword: string }>(
    router,
    {
      method: 'post',
      path: '/password',
      tag,
      status: 204,
      summary: 'Change your own password; your other sessions end',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['currentPassword', 'newPassword'],
        properties: { currentPassword: password, newPassword: password },
      },
    },
    async (req, _res, { body }) => {
      await changeOwnPassword({ db: team.db, actor: getAuth(req), ...body, sessionToken: sessionTokenOf(req) });
    },
  );

  return router;
}
