// Roles and what each may do. No Node APIs: the wizard bundles this file to hide or
// disable what a role cannot do, from the same table the engine enforces.

/** Highest first. Each role may do everything the roles below it may do. */
export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 3, admin: 2, editor: 1, viewer: 0 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** The lower of two roles: an API token never does more than its user may. */
export function narrowerRole(a: Role, b: Role | null | undefined): Role {
  return b && RANK[b] < RANK[a] ? b : a;
}

/**
 * The role table. Every API route names one of these (ui-api/http/route-rules.ts) and
 * the engine's services check the same names, so the API, the engine and the wizard
 * cannot disagree about who may do what.
 */
export const PERMISSIONS = {
  /** Connections, their runs and run logs, the connector catalog. */
  'connections.read': 'viewer',
  /** Own API tokens, own password, leaving the session. */
  'self.manage': 'viewer',
  /** Build, change, preview, test-send, enable, disable and delete connections; see account names. */
  'connections.build': 'editor',
  /** Run by hand, retry failed items, send a held item. */
  'connections.run': 'editor',
  /** Add, verify and delete accounts; see their masked credentials. */
  'accounts.manage': 'admin',
  /** Invite, list and remove members, change roles below owner, reset passwords. */
  'members.manage': 'admin',
  /** The audit log. */
  'audit.read': 'admin',
  /** Rename the workspace, change its time zone. */
  'workspace.manage': 'admin',
  /** Make or remove owners, delete the workspace. */
  'workspace.own': 'owner',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function roleNeeded(permission: Permission): Role {
  return PERMISSIONS[permission];
}

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}
