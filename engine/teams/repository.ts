import type { Db } from '../store/db';
import type { Role } from './roles';

export interface MemberRow {
  user_id: string;
  email: string;
  role: Role;
  created_at: Date;
}

export interface InvitationRow {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const INVITATION_COLUMNS = [
  'id',
  'workspace_id',
  'email',
  'role',
  'invited_by',
  'created_at',
  'expires_at',
  'accepted_at',
  'revoked_at',
] as const;

export async function listMembers(db: Db, workspaceId: string): Promise<MemberRow[]> {
  return (await db('workspace_members')
    .join('users', 'users.id', 'workspace_members.user_id')
    .where({ 'workspace_members.workspace_id': workspaceId })
    .orderBy('workspace_members.created_at')
    .select('workspace_members.user_id', 'users.email', 'workspace_members.role', 'workspace_members.created_at')) as MemberRow[];
}

export async function findMember(db: Db, args: { workspaceId: string; userId: string }): Promise<MemberRow | null> {
  const row = (await db('workspace_members')
    .join('users', 'users.id', 'workspace_members.user_id')
    .where({ 'workspace_members.workspace_id': args.workspaceId, 'workspace_members.user_id': args.userId })
    .first('workspace_members.user_id', 'users.email', 'workspace_members.role', 'workspace_members.created_at')) as
    MemberRow | undefined;
  return row ?? null;
}

export async function findMemberByEmail(db: Db, args: { workspaceId: string; email: string }): Promise<MemberRow | null> {
  const row = (await db('workspace_members')
    .join('users', 'users.id', 'workspace_members.user_id')
    .where({ 'workspace_members.workspace_id': args.workspaceId })
    .whereRaw('lower(users.email) = lower(?)', [args.email])
    .first('workspace_members.user_id', 'users.email', 'workspace_members.role', 'workspace_members.created_at')) as
    MemberRow | undefined;
  return row ?? null;
}

/** Owners of the workspace, locked so two requests cannot both remove "the other" last owner. */
export async function lockOwners(db: Db, workspaceId: string): Promise<string[]> {
  const rows = (await db('workspace_members')
    .where({ workspace_id: workspaceId, role: 'owner' })
    .forUpdate()
    .select('user_id')) as Array<{ user_id: string }>;
  return rows.map((row) => row.user_id);
}

export async function setMemberRole(db: Db, args: { workspaceId: string; userId: string; role: Role }): Promise<void> {
  await db('workspace_members').where({ workspace_id: args.workspaceId, user_id: args.userId }).update({ role: args.role });
}

export async function deleteMember(db: Db, args: { workspaceId: string; userId: string }): Promise<boolean> {
  return (await db('workspace_members').where({ workspace_id: args.workspaceId, user_id: args.userId }).delete()) > 0;
}

export async function insertInvitation(
  db: Db,
  args: { workspaceId: string; email: string; role: Role; tokenHash: string; invitedBy: string; now: Date; expiresAt: Date },
): Promise<InvitationRow> {
  const [row] = (await db('invitations')
    .insert({
      workspace_id: args.workspaceId,
      email: args.email,
      role: args.role,
      token_hash: args.tokenHash,
      invited_by: args.invitedBy,
      created_at: args.now,
      expires_at: args.expiresAt,
    })
    .returning([...INVITATION_COLUMNS])) as InvitationRow[];
  return row!;
}

/** Invitations not yet accepted or revoked (expired ones included, so people see they lapsed). */
export async function listOpenInvitations(db: Db, workspaceId: string): Promise<InvitationRow[]> {
  return (await db('invitations')
    .where({ workspace_id: workspaceId })
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .orderBy('created_at', 'desc')
    .select(...INVITATION_COLUMNS)) as InvitationRow[];
}

export async function revokeOpenInvitations(
  db: Db,
  args: { workspaceId: string; now: Date; id?: string; email?: string },
): Promise<Array<{ id: string; email: string }>> {
  const query = db('invitations').where({ workspace_id: args.workspaceId }).whereNull('accepted_at').whereNull('revoked_at');
  if (args.id) query.andWhere({ id: args.id });
  if (args.email) query.andWhereRaw('lower(email) = lower(?)', [args.email]);
  return (await query.update({ revoked_at: args.now }).returning(['id', 'email'])) as Array<{ id: string; email: string }>;
}

/** A usable invitation: not accepted, not revoked, not expired. */
export async function findUsableInvitation(db: Db, args: { tokenHash: string; now: Date }): Promise<InvitationRow | null> {
  const row = (await db('invitations')
    .where({ token_hash: args.tokenHash })
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .andWhere('expires_at', '>', args.now)
    .first(...INVITATION_COLUMNS)) as InvitationRow | undefined;
  return row ?? null;
}

/** Marks it accepted only if still usable: of two simultaneous accepts, one wins. */
export async function claimInvitation(db: Db, args: { id: string; now: Date }): Promise<boolean> {
  const count = await db('invitations')
    .where({ id: args.id })
    .whereNull('accepted_at')
    .whereNull('revoked_at')
    .andWhere('expires_at', '>', args.now)
    .update({ accepted_at: args.now });
  return count > 0;
}

export async function insertPasswordReset(
  db: Db,
  args: { userId: string; tokenHash: string; createdBy: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db('password_resets').insert({
    user_id: args.userId,
    token_hash: args.tokenHash,
    created_by: args.createdBy,
    created_at: args.now,
    expires_at: args.expiresAt,
  });
}

export async function findUsablePasswordReset(
  db: Db,
  args: { tokenHash: string; now: Date },
): Promise<{ id: string; user_id: string; email: string } | null> {
  const row = (await db('password_resets')
    .join('users', 'users.id', 'password_resets.user_id')
    .where({ 'password_resets.token_hash': args.tokenHash })
    .whereNull('password_resets.used_at')
    .andWhere('password_resets.expires_at', '>', args.now)
    .first('password_resets.id', 'password_resets.user_id', 'users.email')) as
    { id: string; user_id: string; email: string } | undefined;
  return row ?? null;
}

export async function claimPasswordReset(db: Db, args: { id: string; now: Date }): Promise<boolean> {
  const count = await db('password_resets')
    .where({ id: args.id })
    .whereNull('used_at')
    .andWhere('expires_at', '>', args.now)
    .update({ used_at: args.now });
  return count > 0;
}

/** Earlier reset links stop working once a newer one is made or one is used. */
export async function expirePasswordResets(db: Db, args: { userId: string; now: Date }): Promise<void> {
  await db('password_resets').where({ user_id: args.userId }).whereNull('used_at').update({ used_at: args.now });
}
