import { hashPassword, verifyPassword } from '../auth/passwords';
import { PASSWORD_MIN_LENGTH, PASSWORD_RULE } from '../auth/password-rule';
import * as auth from '../auth/repository';
import { sha256 } from '../auth/secrets';
import type { Db } from '../store/db';
import { fieldError, isUuid, notFound, ServiceError } from '../workspaces/service-error';
import { recordAudit } from '../audit/audit';
import { allow, type Actor } from './actor';
import { memberTarget } from './members';
import type { TeamDeps } from './invitations';
import { DAY_MS, linkFor, newLinkSecret } from './links';
import * as repo from './repository';

/** A reset link is handed over by a person, not found in a mailbox days later: one day is plenty. */
export const PASSWORD_RESET_LIFETIME_MS = DAY_MS;

export function assertNewPassword(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH) throw fieldError(field, PASSWORD_RULE);
}

/**
 * An owner or admin makes a one-time link for a member who forgot their password (an
 * owner's takes an owner). Any earlier link for that person stops working.
 */
export async function createPasswordResetLink(args: {
  deps: TeamDeps;
  actor: Actor;
  userId: string;
}): Promise<{ link: string; path: string; email: string; expiresAt: string }> {
  const workspaceId = allow(args.actor, 'members.manage');
  const { db, clock, publicUrl } = args.deps;
  const member = isUuid(args.userId) ? await repo.findMember(db, { workspaceId, userId: args.userId }) : null;
  if (!member) throw notFound('The member');
  if (member.role === 'owner') allow(args.actor, 'workspace.own');
  const now = clock();
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_LIFETIME_MS);
  const { token, tokenHash } = newLinkSecret();
  await db.transaction(async (trx) => {
    await repo.expirePasswordResets(trx, { userId: member.user_id, now });
    await repo.insertPasswordReset(trx, { userId: member.user_id, tokenHash, createdBy: args.actor.userId, now, expiresAt });
    await recordAudit(trx, args.actor, {
      action: 'member.password_reset_link',
      target: memberTarget(member),
      summary: `Made a one-time password link for ${member.email} (valid one day).`,
    });
  });
  return { ...linkFor(publicUrl, 'reset-password', token), email: member.email, expiresAt: expiresAt.toISOString() };
}

const unusable = () =>
  new ServiceError('not_found', 'This password link was already used or has expired. Ask an owner or admin for a new one.');

export async function lookupPasswordReset(args: { deps: TeamDeps; token: string }): Promise<{ email: string }> {
  const row = await repo.findUsablePasswordReset(args.deps.db, { tokenHash: sha256(args.token), now: args.deps.clock() });
  if (!row) throw unusable();
  return { email: row.email };
}

/** Sets the new password and ends every session of that person: whoever had it is logged out. */
export async function completePasswordReset(args: {
  deps: TeamDeps;
  token: string;
  password: string;
}): Promise<{ email: string }> {
  assertNewPassword(args.password);
  const { db } = args.deps;
  const now = args.deps.clock();
  const row = await repo.findUsablePasswordReset(db, { tokenHash: sha256(args.token), now });
  if (!row) throw unusable();
  const passwordHash = await hashPassword(args.password);
  await db.transaction(async (trx) => {
    if (!(await repo.claimPasswordReset(trx, { id: row.id, now }))) throw unusable();
    await auth.setPasswordHash(trx, { userId: row.user_id, passwordHash });
    await auth.deleteSessionsOfUser(trx, { userId: row.user_id });
  });
  return { email: row.email };
}

/** Changes the caller's own password; every other session of theirs ends, this one stays. */
export async function changeOwnPassword(args: {
  db: Db;
  actor: Actor;
  currentPassword: string;
  newPassword: string;
  /** The cookie of the session making the change, kept alive; absent for an API token. */
  sessionToken: string | null;
}): Promise<void> {
  allow(args.actor, 'self.manage');
  assertNewPassword(args.newPassword, 'newPassword');
  const user = await auth.findUserById(args.db, args.actor.userId);
  if (!user || !(await verifyPassword(args.currentPassword, user.password_hash))) {
    throw new ServiceError('validation_failed', 'currentPassword: that is not your current password.', {
      fields: [{ field: 'currentPassword', message: 'is not your current password' }],
    });
  }
  const passwordHash = await hashPassword(args.newPassword);
  await args.db.transaction(async (trx) => {
    await auth.setPasswordHash(trx, { userId: user.id, passwordHash });
    await auth.deleteSessionsOfUser(trx, {
      userId: user.id,
      exceptTokenHash: args.sessionToken ? sha256(args.sessionToken) : undefined,
    });
  });
}
