// Generated from the route list: every API route, called with each role's API token,
// answers as the role table says. A route added without a rule in ROUTE_RULES fails here.
import request from 'supertest';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../../../engine/teams/roles';
import { ROUTE_RULES, type RouteRule } from '../../../ui-api/http/route-rules';
import { recordedRoutes, type RecordedRoute } from '../../../ui-api/openapi/registry';
import { setupOwner, startTestApi, type TestApi } from '../../support/api';
import { inviteAndJoin, tokenOf } from '../../support/team';

// Every person added hashes a password (scrypt, ~50 ms alone): give a busy machine room.
jest.setTimeout(180_000);

let api: TestApi;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  api = await startTestApi();
  const owner = await setupOwner(api.app);
  tokens.owner = await tokenOf(owner);
  for (const role of ['admin', 'editor', 'viewer'] as const) {
    tokens[role] = await tokenOf(await inviteAndJoin(api.app, owner, `${role}@example.com`, role));
  }
});
afterAll(() => api.drop());

const key = (route: RecordedRoute) => `${route.method.toUpperCase()} ${route.path}`;
const SAMPLE_PARAMS: Record<string, string> = { connector: 'stripe', field: 'spreadsheetId', itemId: '1' };
// Made-up ids: an allowed role reaches the service and hears 404, a forbidden one hears 403 first.
const concretePath = (path: string) =>
  path.replace(/:(\w+)/g, (_all, name: string) => SAMPLE_PARAMS[name] ?? '00000000-0000-4000-8000-000000000000');

async function call(route: RecordedRoute, token: string | null) {
  const path = `/api${concretePath(route.path)}`;
  const test = request(api.app)[route.method](path);
  if (token) test.set('Authorization', `Bearer ${token}`);
  return route.method === 'get' ? test : test.send({});
}

// The role table as the README states it. Pinned here so that loosening a permission in
// the engine is a visible, reviewed change to this test, not a silent one.
const ROLE_TABLE: Record<Permission, Role> = {
  'connections.read': 'viewer',
  'self.manage': 'viewer',
  'connections.build': 'editor',
  'connections.run': 'editor',
  'accounts.manage': 'admin',
  'members.manage': 'admin',
  'audit.read': 'admin',
  'workspace.manage': 'admin',
  'workspace.own': 'owner',
};
const RANK: Role[] = ['viewer', 'editor', 'admin', 'owner'];

function expectation(rule: RouteRule, role: Role | null): string {
  if (rule === 'public') return 'allowed';
  if (role === null) return '401';
  return RANK.indexOf(role) >= RANK.indexOf(ROLE_TABLE[rule]) ? 'allowed' : `403 needs ${ROLE_TABLE[rule]}`;
}

function outcome(response: request.Response, rule: RouteRule): string {
  // GET /session is public and says "nobody is logged in" with a 401.
  if (response.status === 401) return rule === 'public' ? 'allowed' : '401';
  if (response.status === 403) return `403 needs ${response.body.error?.details?.requiredRole}`;
  return 'allowed';
}

describe('the role table', () => {
  it('is the one the engine enforces', () => {
    expect(PERMISSIONS).toEqual(ROLE_TABLE);
  });

  it('has a rule for every API route, and no rule for a route that does not exist', () => {
    const routes = recordedRoutes().map(key);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((route) => !(route in ROUTE_RULES))).toEqual([]);
    expect(Object.keys(ROUTE_RULES).filter((rule) => !routes.includes(rule))).toEqual([]);
  });

  it.each([...ROLES, null])('answers every route called with the %s role (null: no token) as the table says', async (role) => {
    const mismatches: string[] = [];
    for (const route of recordedRoutes()) {
      const rule = ROUTE_RULES[key(route)];
      if (!rule) continue;
      const response = await call(route, role ? tokens[role] : null);
      const expected = expectation(rule, role);
      const got = outcome(response, rule);
      if (got !== expected) mismatches.push(`${key(route)}: expected ${expected}, got ${response.status} ${got}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('names the role needed and the caller’s own in a 403', async () => {
    const response = await request(api.app)
      .post('/api/connections/00000000-0000-4000-8000-000000000000/run')
      .set('Authorization', `Bearer ${tokens.viewer}`)
      .expect(403);
    expect(response.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('editor role'),
      details: { requiredRole: 'editor', yourRole: 'viewer' },
    });
  });
});
