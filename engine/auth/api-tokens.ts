import type { Db } from '../store/db';
import { allow, type Actor } from '../teams/actor';
import { can, isRole, narrowerRole, roleAtLeast, type Role } from '../teams/roles';
import { fieldError, isUuid, notFound, ServiceError } from '../workspaces/service-error';
import * as repo from './repository';
import { randomSecret, sha256 } from './secrets';

/** Prefix so a leaked token is recognisable (and greppable by secret scanners). */
export const API_TOKEN_PREFIX = 'trb_';

export interface ApiToken {
  id: string;
  name: string;
  /** The role the token acts with; null means its user's role, whatever that is at the time. */
  role: Role | null;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Null: never expires. */
  expiresAt: string | null;
  /** Whether requests made with this token may create other API tokens. */
  canCreateTokens: boolean;
}

const toApiToken = (row: repo.ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  role: isRole(row.role) ? row.role : null,
  userId: row.user_id,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  expiresAt: row.expires_at?.toISOString() ?? null,
  canCreateTokens: row.can_create_tokens,
});

/**
 * The secret is returned here once and never again. A token may not carry more than its
 * user's role. A request made with a token creates tokens only if that token was created
 * with the right, and what it creates never outlives it: otherwise a leaked token could
 * mint itself an unexpiring successor before it is revoked.
 */
export async function createApiToken(args: {
  db: Db;
  now: Date;
  actor: Actor;
  name: string;
  role?: Role;
  expiresAt?: Date | null;
  canCreateTokens?: boolean;
}): Promise<ApiToken & { token: string }> {
  const workspaceId = allow(args.actor, 'self.manage');
  const expiresAt = await expiryFor(args);
  if (args.role && !roleAtLeast(args.actor.role, args.role)) {
    throw new ServiceError(
      'validation_failed',
      `role: a token cannot carry more than your own role (${args.actor.role}); choose ${args.actor.role} or a narrower one.`,
      { fields: [{ field: 'role', message: `must be ${args.actor.role} or narrower` }] },
    );
  }
  const token = API_TOKEN_PREFIX + randomSecret();
  const row = await repo.insertApiToken(args.db, {
    now: args.now,
    workspaceId,
    userId: args.actor.userId,
    name: args.name,
    role: args.role ?? null,
    tokenHash: sha256(token),
    expiresAt,
    canCreateTokens: args.canCreateTokens ?? false,
  });
  return { ...toApiToken(row), token };
}

/** The new token's expiry, once the creating token (if any) has been checked. */
async function expiryFor(args: { db: Db; now: Date; actor: Actor; expiresAt?: Date | null }): Promise<Date | null> {
  const wanted = args.expiresAt ?? null;
  if (wanted && wanted.getTime() <= args.now.getTime()) {
    throw fieldError('expiresAt', 'must be in the future. Leave it out for a token that does not expire.');
  }
  if (args.actor.via !== 'token') return wanted;
  const creator = args.actor.tokenId ? await repo.getApiToken(args.db, args.actor.tokenId) : null;
  if (!creator?.can_create_tokens) {
    throw new ServiceError(
      'forbidden',
      'This API token may not create other tokens. Create tokens while logged in, or with a token created with "canCreateTokens": true.',
    );
  }
  const limit = creator.expires_at;
  if (!limit) return wanted;
  if (wanted && wanted.getTime() > limit.getTime()) {
    throw fieldError('expiresAt', `must not be later than ${limit.toISOString()}, when the token creating it expires.`);
  }
  return wanted ?? limit;
}

/** Admins see every token of the workspace (to revoke a leaked one); others see their own. */
export async function listApiTokens(args: { db: Db; actor: Actor }): Promise<ApiToken[]> {
  const workspaceId = allow(args.actor, 'self.manage');
  const userId = can(args.actor.role, 'members.manage') ? undefined : args.actor.userId;
  return (await repo.listApiTokens(args.db, { workspaceId, userId })).map(toApiToken);
}

export async function revokeApiToken(args: { db: Db; now: Date; actor: Actor; id: string }): Promise<void> {
  const workspaceId = allow(args.actor, 'self.manage');
  const userId = can(args.actor.role, 'members.manage') ? undefined : args.actor.userId;
  if (!isUuid(args.id) || !(await repo.revokeApiToken(args.db, { workspaceId, userId, id: args.id, now: args.now }))) {
    throw notFound('The API token');
  }
}

/** The actor behind a token, or null when it is unknown, revoked, expired, or its user left the workspace. */
export async function resolveApiToken(args: { db: Db; now: Date; token: string }): Promise<Actor | null> {
  if (!args.token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await repo.findActiveApiToken(args.db, sha256(args.token), args.now);
  if (!row || !isRole(row.member_role)) return null;
  await repo.touchApiToken(args.db, { id: row.id, now: args.now });
  return {
    userId: row.user_id,
    workspaceId: row.workspace_id,
    role: narrowerRole(row.member_role, isRole(row.role) ? row.role : null),
    via: 'token',
    tokenId: row.id,
  };
}
