import type { JsonSchema } from '../../connectors/sdk';

export interface RecordedRoute {
  method: string;
  path: string;
  summary: string;
  tag?: string;
  auth?: boolean;
  body?: JsonSchema;
  query?: JsonSchema;
  response?: JsonSchema;
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
