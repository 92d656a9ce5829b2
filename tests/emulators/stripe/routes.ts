import { loadStripeSpec, type OpenApiOperation } from './spec/load';

export interface Route {
  method: string;
  operation: OpenApiOperation;
  /** Names of the `{placeholders}` in the path, in order. */
  names: string[];
  /** Path segments; null where a placeholder goes. */
  segments: Array<string | null>;
}

export interface RouteMatch {
  route: Route;
  path: Record<string, string>;
}

/**
 * Routes from the spec's paths, grouped by method and segment count, literal segments before
 * placeholders (so /v1/customers/search wins over /v1/customers/{customer}).
 */
export class Router {
  private readonly groups = new Map<string, Route[]>();

  constructor() {
    for (const [template, methods] of Object.entries(loadStripeSpec().paths)) {
      const parts = template.split('/').slice(1);
      for (const [method, operation] of Object.entries(methods)) {
        if (!operation.operationId) continue;
        const route: Route = {
          method,
          operation,
          names: parts.filter((p) => p.startsWith('{')).map((p) => p.slice(1, -1)),
          segments: parts.map((p) => (p.startsWith('{') ? null : p)),
        };
        const key = `${method} ${parts.length}`;
        const group = this.groups.get(key) ?? [];
        group.push(route);
        this.groups.set(key, group);
      }
    }
    for (const group of this.groups.values()) {
      group.sort((a, b) => b.segments.filter((s) => s !== null).length - a.segments.filter((s) => s !== null).length);
    }
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const parts = pathname.split('/').slice(1);
    const group = this.groups.get(`${method.toLowerCase()} ${parts.length}`) ?? [];
    for (const route of group) {
      const values: string[] = [];
      const fits = route.segments.every((segment, i) => {
        if (segment === null) {
          if (parts[i] === '') return false;
          values.push(decodeURIComponent(parts[i]));
          return true;
        }
        return segment === parts[i];
      });
      if (fits) return { route, path: Object.fromEntries(route.names.map((name, i) => [name, values[i]])) };
    }
    return undefined;
  }
}
