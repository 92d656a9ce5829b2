import { ServiceError } from '../workspaces/service-error';
import { can, roleNeeded, type Permission, type Role } from './roles';

/** Who is acting, in which workspace, with which role: every guarded service takes one. */
export interface Actor {
  userId: string;
  workspaceId: string;
  /** The member's role, narrowed by the API token's role when acting through a token. */
  role: Role;
  via: 'session' | 'token';
  /** The API token acting, for the audit log; null for a session. */
  tokenId: string | null;
}

/**
 * Throws 403 forbidden naming the role needed unless the actor's role allows `permission`.
 * Returns the actor's workspace so a service can write `const workspaceId = allow(...)`.
 */
export function allow(actor: Actor, permission: Permission): string {
  if (can(actor.role, permission)) return actor.workspaceId;
  const needed = roleNeeded(permission);
  throw new ServiceError(
    'forbidden',
    `This needs the ${needed} role (or higher) in this workspace; you are ${article(actor.role)} ${actor.role}. Ask an owner or admin.`,
    { requiredRole: needed, yourRole: actor.role, permission },
  );
}

const article = (role: Role) => (role === 'owner' || role === 'admin' || role === 'editor' ? 'an' : 'a');
