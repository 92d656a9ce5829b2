import { Router } from 'express';
import { isSetupNeeded, login, logout, NewSession, sessionView, setupOwner, switchWorkspace } from '../../engine/auth/service';
import { AppError } from '../http/app-error';
import { getAuth, sessionCsrfToken, sessionTokenOf } from '../http/auth';
import { clearSessionCookie, setSessionCookie } from '../http/cookies';
import type { RouteDependencies } from '../http/dependencies';
import { defineRoute } from '../http/route';
import { LoginBody, loginSchema, sessionSchema, SetupBody, setupSchema } from './session-schemas';

/** First-run setup, login, logout and the current session. */
export function sessionRoutes(deps: RouteDependencies): Router {
  const router = Router();
  const { db, clock } = deps;
  const answer = (
    req: Parameters<typeof setSessionCookie>[0],
    res: Parameters<typeof setSessionCookie>[1],
    session: NewSession,
  ) => {
    setSessionCookie(req, res, session.token, session.expiresAt);
    return session.view;
  };

  defineRoute(
    router,
    {
      method: 'get',
      path: '/setup',
      tag: 'session',
      auth: false,
      summary: 'Whether first-run setup is still needed',
      response: { type: 'object', properties: { needed: { type: 'boolean' } } },
    },
    async () => ({ needed: await isSetupNeeded(db) }),
  );

  defineRoute<SetupBody>(
    router,
    {
      method: 'post',
      path: '/setup',
      tag: 'session',
      auth: false,
      status: 201,
      body: setupSchema,
      response: sessionSchema,
      summary: 'Create the first user and workspace (only while no user exists) and log in',
    },
    async (req, res, { body }) => answer(req, res, await setupOwner({ db, now: clock(), ...body })),
  );

  defineRoute<LoginBody>(
    router,
    {
      method: 'post',
      path: '/login',
      tag: 'session',
      auth: false,
      body: loginSchema,
      response: sessionSchema,
      summary: 'Log in; sets the session cookie and returns the CSRF token',
    },
    async (req, res, { body }) =>
      answer(req, res, await login({ db, now: clock(), email: body.email, password: body.password, ip: req.ip ?? '' })),
  );

  defineRoute(
    router,
    { method: 'post', path: '/logout', tag: 'session', status: 204, summary: 'End the current session' },
    async (req, res) => {
      const token = sessionTokenOf(req);
      if (token) await logout({ db, sessionToken: token });
      clearSessionCookie(req, res);
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/session',
      tag: 'session',
      auth: false,
      response: sessionSchema,
      summary: 'The current user, workspace and CSRF token (401 with details.setupRequired when logged out)',
    },
    async (req) => {
      if (!req.auth) {
        throw new AppError('unauthenticated', 'Nobody is logged in. Log in with POST /api/login.', {
          setupRequired: await isSetupNeeded(db),
        });
      }
      const auth = getAuth(req);
      const csrfToken = auth.via === 'session' ? sessionCsrfToken(req) : null;
      return sessionView({ db, userId: auth.userId, workspaceId: auth.workspaceId, csrfToken });
    },
  );

  defineRoute<{ workspaceId: string }>(
    router,
    {
      method: 'post',
      path: '/session/workspace',
      tag: 'session',
      response: sessionSchema,
      summary: "Switch the session to another of the user's workspaces",
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['workspaceId'],
        properties: { workspaceId: { type: 'string', format: 'uuid' } },
      },
    },
    async (req, _res, { body }) => {
      const auth = getAuth(req);
      const token = sessionTokenOf(req);
      const csrfToken = sessionCsrfToken(req);
      if (!token || !csrfToken) {
        throw new AppError(
          'validation_failed',
          'An API token belongs to one workspace; create a token in the other workspace instead.',
        );
      }
      return switchWorkspace({ db, sessionToken: token, userId: auth.userId, workspaceId: body.workspaceId, csrfToken });
    },
  );

  return router;
}
