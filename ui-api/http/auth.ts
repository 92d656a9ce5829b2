import type { Request, RequestHandler } from 'express';
import { resolveApiToken } from '../../engine/auth/api-tokens';
import { sameSecret } from '../../engine/auth/secrets';
import { resolveSession } from '../../engine/auth/service';
import type { Db } from '../../engine/store/db';
import type { Actor } from '../../engine/teams/actor';
import { AppError } from './app-error';
import { readCookie, SESSION_COOKIE } from './cookies';

/** Who is calling, with which role, and in which workspace every query of this request must stay. */
export type Auth = Actor;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `authenticate` when the request carries a live session cookie or API token. */
      auth?: Auth;
    }
  }
}

interface SessionFacts {
  token: string;
  csrfToken: string;
}
const sessions = new WeakMap<Request, SessionFacts>();
const authenticated = new WeakSet<Request>();
const refusedTokens = new WeakSet<Request>();

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves `req.auth` from `Authorization: Bearer trb_...` or the session cookie. It never
 * refuses a request itself: public routes stay public, `requireAuth` guards the rest.
 */
export function authenticate(deps: { db: Db; clock: () => Date }): RequestHandler {
  return async (req, _res, next) => {
    authenticated.add(req);
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const resolved = await resolveApiToken({ db: deps.db, now: deps.clock(), token: header.slice(7).trim() });
      if (resolved) req.auth = resolved;
      else refusedTokens.add(req);
      return next();
    }
    const cookie = readCookie(req, SESSION_COOKIE);
    if (cookie) {
      const session = await resolveSession({ db: deps.db, now: deps.clock(), sessionToken: cookie });
      if (session) {
        req.auth = session.actor;
        sessions.set(req, { token: cookie, csrfToken: session.csrfToken });
      }
    }
    next();
  };
}

/**
 * Refuses unauthenticated requests (401 unauthenticated) and cookie-authenticated
 * state-changing requests without the session's X-CSRF-Token (403 csrf_failed).
 * Bearer tokens are exempt from CSRF: a browser never attaches them on its own.
 */
export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!authenticated.has(req)) throw new Error('requireAuth used on a router mounted outside the authenticated /api router');
  if (!req.auth && refusedTokens.has(req)) {
    throw new AppError(
      'unauthenticated',
      'This API token is unknown, revoked or expired. Create a new one (POST /api/tokens) or log in.',
    );
  }
  if (!req.auth) {
    throw new AppError('unauthenticated', 'Log in (POST /api/login) or send an API token as "Authorization: Bearer trb_...".');
  }
  const session = sessions.get(req);
  if (req.auth.via === 'session' && session && !SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
      throw new AppError('csrf_failed', 'This request needs the X-CSRF-Token header with the csrfToken from GET /api/session.');
    }
  }
  next();
};

/** The caller's identity on a route behind `requireAuth`. */
export function getAuth(req: Request): Auth {
  if (!req.auth) throw new AppError('unauthenticated', 'Log in first.');
  return req.auth;
}

/** The raw session cookie value, for logout. */
export function sessionTokenOf(req: Request): string | null {
  return sessions.get(req)?.token ?? null;
}

/** The session's CSRF token, to hand back to the page that holds the cookie. */
export function sessionCsrfToken(req: Request): string | null {
  return sessions.get(req)?.csrfToken ?? null;
}
