import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { recordRoute, type RecordedRoute } from '../openapi/registry';
import { allow } from '../../engine/teams/actor';
import { AppError } from './app-error';
import { getAuth, requireAuth } from './auth';
import { routeRule } from './route-rules';
import { getQuery, validateBody, validateQuery } from './validation';

export type RouteSpec = RecordedRoute;

export interface RouteInput<Body, Query> {
  body: Body;
  query: Query;
  params: Record<string, string>;
}

/**
 * Return a value to send it as JSON with `spec.status`, or use `res` yourself and return
 * nothing. Thrown errors (sync or async) reach the error middleware.
 */
export type RouteHandler<Body, Query> = (
  req: Request,
  res: Response,
  input: RouteInput<Body, Query>,
) => unknown | Promise<unknown>;

/**
 * Refuses the caller unless their role has the route's permission (ui-api/http/route-rules.ts),
 * before the body is read, so a forbidden request learns the role it needs, not a field error.
 * The services behind the route check again: this is the API's first line, not its only one.
 */
function requireRule(spec: RouteSpec): RequestHandler {
  const rule = routeRule(spec.method, spec.path);
  return (req, _res, next) => {
    if (rule === undefined) {
      throw new AppError(
        'forbidden',
        `${spec.method.toUpperCase()} /api${spec.path} has no access rule yet, so nobody may use it.`,
      );
    }
    if (rule !== 'public') allow(getAuth(req), rule);
    next();
  };
}

/** Registers a route with auth, its role rule and validation, and records it for /api/openapi.json. */
export function defineRoute<Body = Record<string, never>, Query = Record<string, never>>(
  router: Router,
  spec: RouteSpec,
  handler: RouteHandler<Body, Query>,
): void {
  recordRoute(spec);
  const chain = [
    ...(spec.auth === false ? [] : [requireAuth]),
    requireRule(spec),
    ...(spec.body ? [validateBody(spec.body)] : []),
    ...(spec.query ? [validateQuery(spec.query)] : []),
  ];
  const run = async (req: Request, res: Response, _next: NextFunction) => {
    const input = { body: req.body as Body, query: getQuery<Query>(req), params: req.params as Record<string, string> };
    const result = await handler(req, res, input);
    if (res.headersSent) return;
    const status = spec.status ?? 200;
    if (status === 204 || result === undefined) res.status(status).end();
    else res.status(status).json(result);
  };
  router[spec.method](spec.path, ...chain, run);
}
