import type { Db } from '../store/db';
import {
  addMember,
  findWorkspaceOfUser,
  insertWorkspace,
  type MemberWorkspace,
  type Workspace,
  workspacesOfUser,
} from '../workspaces/repository';
import { ServiceError } from '../workspaces/service-error';
import { isValidTimezone } from '../workspaces/timezone';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './passwords';
import * as repo from './repository';
import { randomSecret, sha256 } from './secrets';
import { countLoginAttempt, loginSucceeded } from './throttle';
import type { Actor } from '../teams/actor';
import { isRole } from '../teams/roles';

export const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

export interface SessionView {
  user: { id: string; email: string };
  workspace: MemberWorkspace;
  workspaces: MemberWorkspace[];
  /** Send as X-CSRF-Token on every state-changing request made with the session cookie. */
  csrfToken: string | null;
}

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  expiresAt: Date;
  view: SessionView;
}

/** Creates a user with a workspace of their own, as its owner. Also used by tests to add tenants. */
export async function createUserWithWorkspace(args: {
  db: Db;
  email: string;
  password: string;
  workspaceName: string;
  timezone?: string;
}): Promise<{ userId: string; workspace: Workspace }> {
  const timezone = args.timezone ?? 'UTC';
  if (!isValidTimezone(timezone)) {
    throw new ServiceError(
      'validation_failed',
      `timezone: "${timezone}" is not a known time zone; use an IANA name such as Europe/Berlin.`,
      {
        fields: [{ field: 'timezone', message: 'must be an IANA time zone name such as Europe/Berlin or UTC' }],
      },
    );
  }
  const passwordHash = await hashPassword(args.password);
  return args.db.transaction(async (trx) => {
    if (await repo.findUserByEmail(trx, args.email)) {
      throw new ServiceError('conflict', 'A user with this email already exists; log in instead.', {
        fields: [{ field: 'email', message: 'is already registered' }],
      });
    }
    const user = await repo.insertUser(trx, { email: args.email, passwordHash });
    const workspace = await insertWorkspace(trx, { name: args.workspaceName, timezone });
    await addMember(trx, { workspaceId: workspace.id, userId: user.id, role: 'owner' });
    return { userId: user.id, workspace };
  });
}

export async function isSetupNeeded(db: Db): Promise<boolean> {
  return (await repo.countUsers(db)) === 0;
}

/** First run only: creates the owner and their workspace, then logs them in. */
export async function setupOwner(args: {
  db: Db;
  now: Date;
  email: string;
  password: string;
  workspaceName: string;
  timezone?: string;
}): Promise<NewSession> {
  // A transaction-level advisory lock makes two simultaneous setups create one owner.
  const created = await args.db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', ['tributary:setup']);
    if ((await repo.countUsers(trx)) > 0) {
      throw new ServiceError('setup_done', 'Setup is already done. Log in with POST /api/login instead.');
    }
    return createUserWithWorkspace({ ...args, db: trx });
  });
  return startSession({ db: args.db, now: args.now, userId: created.userId, workspaceId: created.workspace.id });
}

export async function login(args: { db: Db; now: Date; email: string; password: string; ip: string }): Promise<NewSession> {
  const attemptId = await countLoginAttempt({ db: args.db, email: args.email, ip: args.ip, now: args.now });
  const user = await repo.findUserByEmail(args.db, args.email);
  const passwordOk = await verifyPassword(args.password, user?.password_hash ?? UNUSABLE_HASH);
  const workspaces = user && passwordOk ? await workspacesOfUser(args.db, user.id) : [];
  if (!user || workspaces.length === 0) {
    throw new ServiceError('unauthenticated', 'The email or password is wrong. Check both and try again.');
  }
  await loginSucceeded(args.db, attemptId);
  return startSession({ db: args.db, now: args.now, userId: user.id, workspaceId: workspaces[0]!.id });
}

export async function startSession(args: { db: Db; now: Date; userId: string; workspaceId: string }): Promise<NewSession> {
  const token = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(args.now.getTime() + SESSION_LIFETIME_MS);
  await repo.insertSession(args.db, {
    tokenHash: sha256(token),
    userId: args.userId,
    workspaceId: args.workspaceId,
    csrfToken,
    expiresAt,
    now: args.now,
  });
  const view = await sessionView({ db: args.db, userId: args.userId, workspaceId: args.workspaceId, csrfToken });
  return { token, expiresAt, view };
}

export async function logout(args: { db: Db; sessionToken: string }): Promise<void> {
  await repo.deleteSession(args.db, sha256(args.sessionToken));
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
}

/** Null when the session ended, expired, or its user is no longer a member of its workspace. */
export async function resolveSession(args: { db: Db; now: Date; sessionToken: string }): Promise<ResolvedSession | null> {
  const row = await repo.findLiveSession(args.db, { tokenHash: sha256(args.sessionToken), now: args.now });
  if (!row || !isRole(row.role)) return null;
  const actor: Actor = { userId: row.user_id, workspaceId: row.workspace_id, role: row.role, via: 'session', tokenId: null };
  return { actor, csrfToken: row.csrf_token };
}

export async function sessionView(args: {
  db: Db;
  userId: string;
  workspaceId: string;
  csrfToken: string | null;
}): Promise<SessionView> {
  const user = await repo.findUserById(args.db, args.userId);
  const workspace = await findWorkspaceOfUser(args.db, { userId: args.userId, workspaceId: args.workspaceId });
  if (!user || !workspace) throw new ServiceError('unauthenticated', 'Your session has ended. Log in again.');
  const workspaces = await workspacesOfUser(args.db, args.userId);
  return { user: { id: user.id, email: user.email }, workspace, workspaces, csrfToken: args.csrfToken };
}

/** Makes another of the user's workspaces the session's current one; others answer 404. */
export async function switchWorkspace(args: {
  db: Db;
  sessionToken: string;
  userId: string;
  workspaceId: string;
  csrfToken: string;
}): Promise<SessionView> {
  const workspace = await findWorkspaceOfUser(args.db, { userId: args.userId, workspaceId: args.workspaceId });
  if (!workspace) throw new ServiceError('not_found', 'That workspace was not found among yours.');
  await repo.setSessionWorkspace(args.db, { tokenHash: sha256(args.sessionToken), workspaceId: workspace.id });
  return sessionView({ db: args.db, userId: args.userId, workspaceId: workspace.id, csrfToken: args.csrfToken });
}
