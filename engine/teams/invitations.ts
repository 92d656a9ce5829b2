import { addMember } from '../workspaces/repository';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from '../auth/passwords';
import { findUserByEmail, insertUser } from '../auth/repository';
import { sha256 } from '../auth/secrets';
import { startSession, type NewSession } from '../auth/service';
import type { Db } from '../store/db';
import { isUuid, notFound, ServiceError } from '../workspaces/service-error';
import { recordAudit } from '../audit/audit';
import { allow, type Actor } from './actor';
import { assertNewPassword } from './passwords';
import { DAY_MS, linkFor, newLinkSecret } from './links';
import type { Mailer } from './mail';
import * as repo from './repository';
import type { Role } from './roles';

export const INVITATION_LIFETIME_MS = 7 * DAY_MS;

export interface TeamDeps {
  db: Db;
  clock: () => Date;
  /** Base URL people reach this server at, for the links. */
  publicUrl: string;
  /** Null when SMTP_URL is not set: links are shown, not sent. */
  mailer: Mailer | null;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

const toInvitation = (row: repo.InvitationRow, now: Date): Invitation => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  expired: row.expires_at.getTime() <= now.getTime(),
});

/**
 * Invites by email. The one-time link comes back to show in the product, and is emailed
 * too when SMTP is configured. Inviting the same email again replaces the earlier link.
 */
export async function inviteMember(args: {
  deps: TeamDeps;
  actor: Actor;
  email: string;
  role: Role;
}): Promise<{ invitation: Invitation; link: string; path: string; email: { sent: boolean; reason?: string } }> {
  const { db, clock, publicUrl, mailer } = args.deps;
  const workspaceId = allow(args.actor, 'members.manage');
  if (args.role === 'owner') allow(args.actor, 'workspace.own');
  if (await repo.findMemberByEmail(db, { workspaceId, email: args.email })) {
    throw new ServiceError('conflict', `${args.email} is already a member of this workspace; change their role instead.`, {
      fields: [{ field: 'email', message: 'is already a member' }],
    });
  }
  const now = clock();
  const { token, tokenHash } = newLinkSecret();
  const row = await db.transaction(async (trx) => {
    await repo.revokeOpenInvitations(trx, { workspaceId, email: args.email, now });
    await recordAudit(trx, args.actor, {
      action: 'member.invited',
      target: { type: 'invitation', id: null, name: args.email },
      summary: `Invited ${args.email} as ${args.role}; the link works once, for 7 days.`,
    });
    return repo.insertInvitation(trx, {
      workspaceId,
      email: args.email,
      role: args.role,
      tokenHash,
      invitedBy: args.actor.userId,
      now,
      expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_MS),
    });
  });
  const { link, path } = linkFor(publicUrl, 'join', token);
  const workspace = (await db('workspaces').where({ id: workspaceId }).first('name')) as { name: string };
  const sent = mailer
    ? await mailer.send({
        to: args.email,
        subject: `You are invited to ${workspace.name} on Tributary`,
        text: `You have been invited to the workspace "${workspace.name}" as ${args.role}.\n\nOpen this link to join (it works once and expires in 7 days):\n${link}\n`,
      })
    : { sent: false as const, reason: 'SMTP_URL is not set; share the link yourself.' };
  return { invitation: toInvitation(row, now), link, path, email: sent };
}

export async function listInvitations(args: { deps: TeamDeps; actor: Actor }): Promise<Invitation[]> {
  const workspaceId = allow(args.actor, 'members.manage');
  const now = args.deps.clock();
  return (await repo.listOpenInvitations(args.deps.db, workspaceId)).map((row) => toInvitation(row, now));
}

export async function revokeInvitation(args: { deps: TeamDeps; actor: Actor; id: string }): Promise<void> {
  const workspaceId = allow(args.actor, 'members.manage');
  const revoked = isUuid(args.id)
    ? await repo.revokeOpenInvitations(args.deps.db, { workspaceId, id: args.id, now: args.deps.clock() })
    : [];
  const invitation = revoked[0];
  if (!invitation) throw notFound('The open invitation');
  await recordAudit(args.deps.db, args.actor, {
    action: 'invitation.revoked',
    target: { type: 'invitation', id: invitation.id, name: invitation.email },
    summary: `Revoked the invitation of ${invitation.email}; its link no longer works.`,
  });
}

const unusable = () =>
  new ServiceError('not_found', 'This invitation link was already used, revoked or has expired. Ask for a new one.');

/** What the join page shows before the person sets a password. */
export async function lookupInvitation(args: { deps: TeamDeps; token: string }) {
  const row = await repo.findUsableInvitation(args.deps.db, { tokenHash: sha256(args.token), now: args.deps.clock() });
  if (!row) throw unusable();
  const workspace = (await args.deps.db('workspaces').where({ id: row.workspace_id }).first('name')) as { name: string };
  const hasAccount = (await findUserByEmail(args.deps.db, row.email)) !== null;
  return { email: row.email, role: row.role, workspaceName: workspace.name, hasAccount, expiresAt: row.expires_at.toISOString() };
}

/**
 * Joins the workspace and logs in there. A new person sets their password here; someone
 * who already has an account proves it is theirs with their current password.
 */
export async function acceptInvitation(args: { deps: TeamDeps; token: string; password: string }): Promise<NewSession> {
  const { db, clock } = args.deps;
  const now = clock();
  const invitation = await repo.findUsableInvitation(db, { tokenHash: sha256(args.token), now });
  if (!invitation) throw unusable();
  const existing = await findUserByEmail(db, invitation.email);
  const passwordOk = await verifyPassword(args.password, existing?.password_hash ?? UNUSABLE_HASH);
  if (existing && !passwordOk) {
    throw new ServiceError('unauthenticated', `${invitation.email} already has an account: enter its current password to join.`, {
      fields: [{ field: 'password', message: 'is not the password of the existing account' }],
    });
  }
  if (!existing) assertNewPassword(args.password);
  const passwordHash = existing ? null : await hashPassword(args.password);
  const userId = await db.transaction(async (trx) => {
    if (!(await repo.claimInvitation(trx, { id: invitation.id, now }))) throw unusable();
    const user = existing ?? (await insertUser(trx, { email: invitation.email, passwordHash: passwordHash! }));
    const member = await repo.findMember(trx, { workspaceId: invitation.workspace_id, userId: user.id });
    if (!member) await addMember(trx, { workspaceId: invitation.workspace_id, userId: user.id, role: invitation.role });
    const actor: Actor = {
      userId: user.id,
      workspaceId: invitation.workspace_id,
      role: invitation.role,
      via: 'session',
      tokenId: null,
    };
    await recordAudit(trx, actor, {
      action: 'member.joined',
      target: { type: 'member', id: user.id, name: invitation.email },
      summary: `${invitation.email} accepted the invitation and joined as ${invitation.role}.`,
    });
    return user.id;
  });
  return startSession({ db, now, userId, workspaceId: invitation.workspace_id });
}
