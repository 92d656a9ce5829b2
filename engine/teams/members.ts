import { deleteSessionsOfUser, revokeApiTokensOfUser } from '../auth/repository';
import type { Db } from '../store/db';
import { isUuid, notFound, ServiceError } from '../workspaces/service-error';
import { recordAudit } from '../audit/audit';
import { allow, type Actor } from './actor';
import * as repo from './repository';
import type { Role } from './roles';

export interface Member {
  userId: string;
  email: string;
  role: Role;
  joinedAt: string;
}

const toMember = (row: repo.MemberRow): Member => ({
  userId: row.user_id,
  email: row.email,
  role: row.role,
  joinedAt: row.created_at.toISOString(),
});

export async function listMembers(args: { db: Db; actor: Actor }): Promise<Member[]> {
  return (await repo.listMembers(args.db, allow(args.actor, 'members.manage'))).map(toMember);
}

export const memberTarget = (member: repo.MemberRow) => ({ type: 'member' as const, id: member.user_id, name: member.email });

async function mustFindMember(db: Db, workspaceId: string, userId: string): Promise<repo.MemberRow> {
  const member = isUuid(userId) ? await repo.findMember(db, { workspaceId, userId }) : null;
  if (!member) throw notFound('The member');
  return member;
}

/** Admins manage editors and viewers (and other admins); making or unmaking an owner takes an owner. */
function allowRoleChange(actor: Actor, from: Role, to: Role): void {
  allow(actor, 'members.manage');
  if (from === 'owner' || to === 'owner') allow(actor, 'workspace.own');
}

function keepAnOwner(owners: string[], userId: string): void {
  if (owners.length === 1 && owners[0] === userId) {
    throw new ServiceError('conflict', 'A workspace needs an owner: make someone else owner first.', {
      fields: [{ field: 'role', message: 'the last owner must stay owner' }],
    });
  }
}

export async function changeMemberRole(args: { db: Db; actor: Actor; userId: string; role: Role }): Promise<Member> {
  const workspaceId = allow(args.actor, 'members.manage');
  return args.db.transaction(async (trx) => {
    const owners = await repo.lockOwners(trx, workspaceId);
    const member = await mustFindMember(trx, workspaceId, args.userId);
    allowRoleChange(args.actor, member.role, args.role);
    if (member.role === 'owner' && args.role !== 'owner') keepAnOwner(owners, member.user_id);
    await repo.setMemberRole(trx, { workspaceId, userId: member.user_id, role: args.role });
    await recordAudit(trx, args.actor, {
      action: 'member.role_changed',
      target: memberTarget(member),
      summary: `Changed ${member.email} from ${member.role} to ${args.role}.`,
    });
    return toMember({ ...member, role: args.role });
  });
}

/**
 * Takes the person out of the workspace. Their sessions there end and their API tokens
 * for it are revoked in the same transaction, so their next request is refused; the
 * session and token checks also require membership, so nothing cached can outlive it.
 */
export async function removeMember(args: { db: Db; now: Date; actor: Actor; userId: string }): Promise<Member> {
  const workspaceId = allow(args.actor, 'members.manage');
  return args.db.transaction(async (trx) => {
    const owners = await repo.lockOwners(trx, workspaceId);
    const member = await mustFindMember(trx, workspaceId, args.userId);
    if (member.role === 'owner') {
      allow(args.actor, 'workspace.own');
      keepAnOwner(owners, member.user_id);
    }
    await repo.deleteMember(trx, { workspaceId, userId: member.user_id });
    await deleteSessionsOfUser(trx, { userId: member.user_id, workspaceId });
    await revokeApiTokensOfUser(trx, { userId: member.user_id, workspaceId, now: args.now });
    await recordAudit(trx, args.actor, {
      action: 'member.removed',
      target: memberTarget(member),
      summary: `Removed ${member.email} (${member.role}); their sessions and API tokens here stopped working.`,
    });
    return toMember(member);
  });
}
