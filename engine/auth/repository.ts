import type { Db } from '../store/db';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  workspace_id: string;
  csrf_token: string;
  expires_at: Date;
}

export interface ApiTokenRow {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** Narrower than the user's role, or null for "the user's role". */
  role: string | null;
  /** Null: never expires. */
  expires_at: Date | null;
  can_create_tokens: boolean;
}

const TOKEN_COLUMNS = [
  'id',
  'workspace_id',
  'user_id',
  'name',
  'role',
  'created_at',
  'last_used_at',
  'revoked_at',
  'expires_at',
  'can_create_tokens',
] as const;

export async function countUsers(db: Db): Promise<number> {
  const row = (await db('users').count<{ count: number | string }[]>('* as count').first()) as { count: number | string };
  return Number(row.count);
}

export async function insertUser(db: Db, args: { email: string; passwordHash: string }): Promise<UserRow> {
  const [row] = (await db('users').insert({ email: args.email, password_hash: args.passwordHash }).returning('*')) as UserRow[];
  return row!;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const row = (await db('users').whereRaw('lower(email) = lower(?)', [email]).first()) as UserRow | undefined;
  return row ?? null;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const row = (await db('users').where({ id }).first()) as UserRow | undefined;
  return row ?? null;
}

export async function insertSession(
  db: Db,
  args: { tokenHash: string; userId: string; workspaceId: string; csrfToken: string; expiresAt: Date; now: Date },
): Promise<void> {
  await db('sessions').insert({
    token_hash: args.tokenHash,
    user_id: args.userId,
    workspace_id: args.workspaceId,
    csrf_token: args.csrfToken,
    expires_at: args.expiresAt,
    created_at: args.now,
  });
}

/** A live session whose user is still a member of its workspace, with their role there. */
export async function findLiveSession(
  db: Db,
  args: { tokenHash: string; now: Date },
): Promise<(SessionRow & { role: string }) | null> {
  const row = (await db('sessions')
    .join('workspace_members', (on) =>
      on.on('workspace_members.user_id', 'sessions.user_id').andOn('workspace_members.workspace_id', 'sessions.workspace_id'),
    )
    .where({ 'sessions.token_hash': args.tokenHash })
    .andWhere('sessions.expires_at', '>', args.now)
    .first('sessions.*', 'workspace_members.role')) as (SessionRow & { role: string }) | undefined;
  return row ?? null;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db('sessions').where({ token_hash: tokenHash }).delete();
}

export async function insertApiToken(
  db: Db,
  args: {
    workspaceId: string;
    userId: string;
    name: string;
    role: string | null;
    tokenHash: string;
    now: Date;
    expiresAt: Date | null;
    canCreateTokens: boolean;
  },
): Promise<ApiTokenRow> {
  const [row] = (await db('api_tokens')
    .insert({
      workspace_id: args.workspaceId,
      user_id: args.userId,
      name: args.name,
      role: args.role,
      token_hash: args.tokenHash,
      created_at: args.now,
      expires_at: args.expiresAt,
      can_create_tokens: args.canCreateTokens,
    })
    .returning([...TOKEN_COLUMNS])) as ApiTokenRow[];
  return row!;
}

/**
 * A token neither revoked nor expired at `now` whose user is still a member of its
 * workspace, with their role there.
 */
export async function findActiveApiToken(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<(ApiTokenRow & { member_role: string }) | null> {
  const row = (await db('api_tokens')
    .join('workspace_members', (on) =>
      on.on('workspace_members.user_id', 'api_tokens.user_id').andOn('workspace_members.workspace_id', 'api_tokens.workspace_id'),
    )
    .where({ 'api_tokens.token_hash': tokenHash })
    .whereNull('api_tokens.revoked_at')
    .andWhere((live) => live.whereNull('api_tokens.expires_at').orWhere('api_tokens.expires_at', '>', now))
    .first(...TOKEN_COLUMNS.map((c) => `api_tokens.${c}`), 'workspace_members.role as member_role')) as
    (ApiTokenRow & { member_role: string }) | undefined;
  return row ?? null;
}

export async function getApiToken(db: Db, id: string): Promise<ApiTokenRow | null> {
  return (
    ((await db('api_tokens')
      .where({ id })
      .first(...TOKEN_COLUMNS)) as ApiTokenRow | undefined) ?? null
  );
}

export async function touchApiToken(db: Db, args: { id: string; now: Date }): Promise<void> {
  await db('api_tokens').where({ id: args.id }).update({ last_used_at: args.now });
}

/** The workspace's tokens, or only one user's when `userId` is given. */
export async function listApiTokens(db: Db, args: { workspaceId: string; userId?: string }): Promise<ApiTokenRow[]> {
  return (await db('api_tokens')
    .where({ workspace_id: args.workspaceId, ...(args.userId ? { user_id: args.userId } : {}) })
    .orderBy('created_at', 'desc')
    .select(...TOKEN_COLUMNS)) as ApiTokenRow[];
}

/** Returns false when the token is not in this workspace (or not the user's, or already revoked). */
export async function revokeApiToken(
  db: Db,
  args: { workspaceId: string; id: string; now: Date; userId?: string },
): Promise<boolean> {
  const count = await db('api_tokens')
    .where({ workspace_id: args.workspaceId, id: args.id, ...(args.userId ? { user_id: args.userId } : {}) })
    .whereNull('revoked_at')
    .update({ revoked_at: args.now });
  return count > 0;
}

/** A login attempt, counted as failed until `markLoginAttemptSucceeded`; returns its id. */
export async function insertFailedLoginAttempt(db: Db, args: { email: string; ip: string; now: Date }): Promise<number> {
  const [row] = (await db('login_attempts')
    .insert({ email: args.email.toLowerCase(), ip: args.ip, succeeded: false, attempted_at: args.now })
    .returning('id')) as Array<{ id: number | string }>;
  return Number(row!.id);
}

export async function markLoginAttemptSucceeded(db: Db, id: number): Promise<void> {
  await db('login_attempts').where({ id }).update({ succeeded: true });
}

/** Failed attempts for this email from this address since `since`, newest first, after the last success. */
export async function recentFailures(db: Db, args: { email: string; ip: string; since: Date }): Promise<Date[]> {
  const lastSuccess = db('login_attempts')
    .whereRaw('lower(email) = lower(?)', [args.email])
    .andWhere({ ip: args.ip, succeeded: true })
    .max('attempted_at');
  const rows = (await db('login_attempts')
    .whereRaw('lower(email) = lower(?)', [args.email])
    .andWhere({ ip: args.ip, succeeded: false })
    .andWhere('attempted_at', '>', args.since)
    .andWhere((q) => q.whereRaw("attempted_at > coalesce((?), '-infinity'::timestamptz)", [lastSuccess]))
    .orderBy('attempted_at', 'desc')
    .select('attempted_at')) as Array<{ attempted_at: Date }>;
  return rows.map((row) => row.attempted_at);
}

export async function setSessionWorkspace(db: Db, args: { tokenHash: string; workspaceId: string }): Promise<void> {
  await db('sessions').where({ token_hash: args.tokenHash }).update({ workspace_id: args.workspaceId });
}

export async function setPasswordHash(db: Db, args: { userId: string; passwordHash: string }): Promise<void> {
  await db('users').where({ id: args.userId }).update({ password_hash: args.passwordHash });
}

/** Ends the user's sessions, all of them or all but `except` (a token hash), or only those in one workspace. */
export async function deleteSessionsOfUser(
  db: Db,
  args: { userId: string; exceptTokenHash?: string; workspaceId?: string },
): Promise<void> {
  const query = db('sessions').where({ user_id: args.userId });
  if (args.exceptTokenHash) query.whereNot({ token_hash: args.exceptTokenHash });
  if (args.workspaceId) query.andWhere({ workspace_id: args.workspaceId });
  await query.delete();
}

export async function revokeApiTokensOfUser(db: Db, args: { userId: string; workspaceId: string; now: Date }): Promise<void> {
  await db('api_tokens')
    .where({ user_id: args.userId, workspace_id: args.workspaceId })
    .whereNull('revoked_at')
    .update({ revoked_at: args.now });
}
