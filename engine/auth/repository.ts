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
}

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

export async function findLiveSession(db: Db, args: { tokenHash: string; now: Date }): Promise<SessionRow | null> {
  const row = (await db('sessions').where({ token_hash: args.tokenHash }).andWhere('expires_at', '>', args.now).first()) as
    SessionRow | undefined;
  return row ?? null;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db('sessions').where({ token_hash: tokenHash }).delete();
}

export async function insertApiToken(
  db: Db,
  args: { workspaceId: string; userId: string; name: string; tokenHash: string; now: Date },
): Promise<ApiTokenRow> {
  const [row] = (await db('api_tokens')
    .insert({
      workspace_id: args.workspaceId,
      user_id: args.userId,
      name: args.name,
      token_hash: args.tokenHash,
      created_at: args.now,
    })
    .returning(['id', 'workspace_id', 'user_id', 'name', 'created_at', 'last_used_at', 'revoked_at'])) as ApiTokenRow[];
  return row!;
}

export async function findActiveApiToken(db: Db, tokenHash: string): Promise<ApiTokenRow | null> {
  const row = (await db('api_tokens').where({ token_hash: tokenHash }).whereNull('revoked_at').first()) as
    ApiTokenRow | undefined;
  return row ?? null;
}

export async function touchApiToken(db: Db, args: { id: string; now: Date }): Promise<void> {
  await db('api_tokens').where({ id: args.id }).update({ last_used_at: args.now });
}

export async function listApiTokens(db: Db, workspaceId: string): Promise<ApiTokenRow[]> {
  return (await db('api_tokens')
    .where({ workspace_id: workspaceId })
    .orderBy('created_at', 'desc')
    .select('id', 'workspace_id', 'user_id', 'name', 'created_at', 'last_used_at', 'revoked_at')) as ApiTokenRow[];
}

/** Returns false when the token is not in this workspace (or already revoked). */
export async function revokeApiToken(db: Db, args: { workspaceId: string; id: string; now: Date }): Promise<boolean> {
  const count = await db('api_tokens')
    .where({ workspace_id: args.workspaceId, id: args.id })
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
