import type { JsonSchema } from '../../connectors/sdk';

/** A route as defineRoute declares it; the OpenAPI document is built from these. */
export interface RecordedRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Relative to /api, in Express syntax: `/accounts/:id`. */
  path: string;
  summary: string;
  /** Group in the OpenAPI document, e.g. "accounts". */
  tag?: string;
  /** Default true: requireAuth (401 without a session or token, 403 without CSRF header). */
  auth?: boolean;
  body?: JsonSchema;
  query?: JsonSchema;
  response?: JsonSchema;
  /** Success status; default 200 (204 sends no body). */
  status?: number;
}

// Keyed by method and path so building several apps (as tests do) records each route once.
const routes = new Map<string, RecordedRoute>();

export function recordRoute(route: RecordedRoute): void {
  routes.set(`${route.method.toUpperCase()} ${route.path}`, route);
}

export function recordedRoutes(): RecordedRoute[] {
  return [...routes.values()];
}
