import type { Permission } from '../../engine/teams/roles';

/** `public`: no login needed. Otherwise the permission (engine/teams/roles.ts) the caller's role must have. */
export type RouteRule = 'public' | Permission;

/**
 * Who may call each API route, keyed `METHOD /path` as defineRoute declares it. A route
 * missing here answers 403 to everyone, and tests/integration/api/route-roles.test.ts
 * (generated from the route list) fails until it gets a rule.
 */
export const ROUTE_RULES: Record<string, RouteRule> = {
  'GET /setup': 'public',
  'POST /setup': 'public',
  'POST /login': 'public',
  'GET /session': 'public',
  'POST /logout': 'self.manage',
  'POST /session/workspace': 'self.manage',
  'POST /password': 'self.manage',

  'POST /tokens': 'self.manage',
  'GET /tokens': 'self.manage',
  'DELETE /tokens/:id': 'self.manage',

  'GET /members': 'members.manage',
  'PATCH /members/:userId': 'members.manage',
  'DELETE /members/:userId': 'members.manage',
  'POST /members/:userId/password-reset': 'members.manage',
  'POST /invitations': 'members.manage',
  'GET /invitations': 'members.manage',
  'DELETE /invitations/:id': 'members.manage',
  'POST /invitations/lookup': 'public',
  'POST /invitations/accept': 'public',
  'POST /password-resets/lookup': 'public',
  'POST /password-resets/complete': 'public',
  'GET /audit': 'audit.read',
  'POST /workspaces': 'self.manage',
  'PATCH /workspace': 'workspace.manage',
  'DELETE /workspace': 'workspace.own',

  'GET /accounts': 'connections.build',
  'GET /accounts/:id': 'connections.build',
  'POST /accounts': 'accounts.manage',
  'POST /accounts/:id/verify': 'accounts.manage',
  'DELETE /accounts/:id': 'accounts.manage',
  'GET /accounts/google/oauth/start': 'accounts.manage',
  'GET /accounts/google/oauth/callback': 'accounts.manage',

  'GET /connectors': 'connections.read',
  'POST /connectors/:connector/options/:field': 'connections.build',
  'POST /connectors/:connector/input-schema': 'connections.build',

  'GET /connections': 'connections.read',
  'GET /connections/:id': 'connections.read',
  'GET /connections/:id/export': 'connections.read',
  'GET /connections/:id/runs': 'connections.read',
  'GET /connections/:id/stats': 'connections.read',
  'POST /connections': 'connections.build',
  'POST /connections/import': 'connections.build',
  'PUT /connections/:id': 'connections.build',
  'DELETE /connections/:id': 'connections.build',
  'POST /connections/:id/enable': 'connections.build',
  'POST /connections/:id/disable': 'connections.build',
  'POST /connections/:id/preview': 'connections.build',
  'POST /connections/:id/test-send': 'connections.build',
  'GET /connections/:id/webhook/payloads': 'connections.build',
  'POST /connections/:id/webhook/register': 'connections.build',
  'GET /connections/:id/samples': 'connections.build',
  'POST /connections/:id/run': 'connections.run',
  'POST /schedules/preview': 'connections.read',

  'GET /runs/:id': 'connections.read',
  'GET /runs/:id/items': 'connections.read',
  'POST /runs/:id/retry-failed': 'connections.run',
  'POST /runs/:id/items/:itemId/send': 'connections.run',
};

export function routeRule(method: string, path: string): RouteRule | undefined {
  return ROUTE_RULES[`${method.toUpperCase()} ${path}`];
}
