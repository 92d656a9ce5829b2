import { Request, Router } from 'express';
import { completeGoogleOAuth, googleConsentUrl } from '../../engine/accounts/google-oauth';
import { sha256 } from '../../engine/auth/secrets';
import { AppError } from '../http/app-error';
import { getAuth, sessionTokenOf } from '../http/auth';
import { readCookie } from '../http/cookies';
import type { RouteDependencies } from '../http/dependencies';
import { defineRoute } from '../http/route';

const CALLBACK_PATH = '/api/accounts/google/oauth/callback';
const NAME_COOKIE = 'tributary_google_account_name';

/** Google "Sign in" for Sheets accounts: redirect to consent, then save the refresh token. */
export function googleOAuthRoutes(deps: RouteDependencies): Router {
  const router = Router();
  const { db, config, connectors, clock } = deps;
  const redirectUri = (req: Request) => `${config.publicUrl ?? `${req.protocol}://${req.get('host')}`}${CALLBACK_PATH}`;
  // Ties the flow to the session (or token) that started it.
  const binding = (req: Request) => {
    const auth = getAuth(req);
    return sha256(`${auth.userId}:${auth.workspaceId}:${sessionTokenOf(req) ?? ''}`).slice(0, 32);
  };

  defineRoute<Record<string, never>, { name?: string }>(
    router,
    {
      method: 'get',
      path: '/accounts/google/oauth/start',
      tag: 'accounts',
      status: 302,
      summary: "Redirect to Google's consent page (409 not_configured without GOOGLE_OAUTH_CLIENT_ID)",
      query: {
        type: 'object',
        additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
    (req, res, { query }) => {
      const url = googleConsentUrl({ config, binding: binding(req), redirectUri: redirectUri(req), now: clock() });
      if (query.name)
        res.cookie(NAME_COOKIE, query.name, { httpOnly: true, sameSite: 'lax', path: CALLBACK_PATH, maxAge: 600_000 });
      res.redirect(302, url);
    },
  );

  defineRoute<Record<string, never>, { code?: string; state?: string; error?: string }>(
    router,
    {
      method: 'get',
      path: '/accounts/google/oauth/callback',
      tag: 'accounts',
      status: 302,
      summary: 'Where Google sends the person back; saves the account and returns to the wizard',
      query: {
        type: 'object',
        properties: {
          code: { type: 'string', minLength: 1 },
          state: { type: 'string', minLength: 1 },
          scope: { type: 'string' },
          error: { type: 'string', description: 'Set by Google when the person declined.' },
        },
      },
    },
    async (req, res, { query }) => {
      if (query.error) return res.redirect(302, `/?googleError=${encodeURIComponent(query.error)}`);
      if (!query.code || !query.state) {
        throw new AppError('validation_failed', 'Google sent no code; start again from the wizard.', {
          fields: [{ field: query.code ? 'state' : 'code', message: 'is required' }],
        });
      }
      res.clearCookie(NAME_COOKIE, { path: CALLBACK_PATH });
      const account = await completeGoogleOAuth({
        db,
        config,
        connectors,
        now: clock(),
        actor: getAuth(req),
        binding: binding(req),
        state: query.state,
        code: query.code,
        redirectUri: redirectUri(req),
        name: readCookie(req, NAME_COOKIE) ?? 'Google Sheets',
      });
      res.redirect(302, `/?account=${encodeURIComponent(account.id)}`);
    },
  );

  return router;
}
