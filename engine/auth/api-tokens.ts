import type { Db } from '../store/db';
import { isUuid, notFound } from '../workspaces/service-error';
import * as repo from './repository';
import { randomSecret, sha256 } from './secrets';

/** Prefix so a leaked token is recognisable (and greppable by secret scanners). */
export const API_TOKEN_PREFIX = 'trb_';

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const toApiToken = (row: repo.ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** The secret is returned here once and never again. */
export async function createApiToken(args: {
  db: Db;
  now: Date;
  workspaceId: string;
  userId: string;
  name: string;
}): Promise<ApiToken & { token: string }> {
  const token = API_TOKEN_PREFIX + randomSecret();
  const row = await repo.insertApiToken(args.db, { ...args, tokenHash: sha256(token) });
  return { ...toApiToken(row), token };
}

export async function listApiTokens(args: { db: Db; workspaceId: string }): Promise<ApiToken[]> {
  return (await repo.listApiTokens(args.db, args.workspaceId)).map(toApiToken);
}

export async function revokeApiToken(args: { db: Db; now: Date; workspaceId: string; id: string }): Promise<void> {
  if (!isUuid(args.id) || !(await repo.revokeApiToken(args.db, args))) throw notFound('The API token');
}

export async function resolveApiToken(args: {
  db: Db;
  now: Date;
  token: string;
}): Promise<{ userId: string; workspaceId: string } | null> {
  if (!args.token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await repo.findActiveApiToken(args.db, sha256(args.token));
  if (!row) return null;
  await repo.touchApiToken(args.db, { id: row.id, now: args.now });
  return { userId: row.user_id, workspaceId: row.workspace_id };
}
