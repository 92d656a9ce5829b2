import type { Db } from '../store/db';
import { keysetPage, type Page } from '../store/page-cursor';
import { allow, type Actor } from '../teams/actor';

/** What happened, in the user's words: `<thing>.<verb>`. */
export type AuditAction =
  | 'connection.created'
  | 'connection.changed'
  | 'connection.enabled'
  | 'connection.disabled'
  | 'connection.deleted'
  | 'connection.run'
  | 'account.created'
  | 'account.verified'
  | 'account.deleted'
  | 'member.invited'
  | 'invitation.revoked'
  | 'member.joined'
  | 'member.role_changed'
  | 'member.removed'
  | 'member.password_reset_link'
  | 'workspace.created'
  | 'workspace.renamed';

export interface AuditTarget {
  type: 'connection' | 'account' | 'member' | 'invitation' | 'workspace';
  id: string | null;
  name: string | null;
}

/**
 * Appends to the workspace's audit log, in the caller's transaction when given one, so a
 * change and its record land together. Summaries name what changed, never a value that
 * could be a secret (credentials, webhook secrets and link tokens are never passed here).
 */
export async function recordAudit(
  db: Db,
  actor: Actor,
  event: { action: AuditAction; target: AuditTarget; summary: string },
): Promise<void> {
  const user = (await db('users').where({ id: actor.userId }).first('email')) as { email: string } | undefined;
  const token = actor.tokenId
    ? ((await db('api_tokens').where({ id: actor.tokenId }).first('name')) as { name: string } | undefined)
    : undefined;
  await db('audit_events').insert({
    workspace_id: actor.workspaceId,
    actor_user_id: actor.userId,
    actor_token_id: actor.tokenId,
    actor_email: user?.email ?? null,
    actor_token_name: token?.name ?? null,
    action: event.action,
    target_type: event.target.type,
    target_id: event.target.id,
    target_name: event.target.name,
    summary: event.summary,
  });
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { userId: string | null; email: string | null; via: 'session' | 'token'; tokenName: string | null };
  action: AuditAction;
  target: AuditTarget;
  summary: string;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_email: string | null;
  actor_token_name: string | null;
  action: AuditAction;
  target_type: AuditTarget['type'];
  target_id: string | null;
  target_name: string | null;
  summary: string;
}

const toEvent = (row: AuditRow): AuditEvent => ({
  id: row.id,
  at: row.at.toISOString(),
  actor: {
    userId: row.actor_user_id,
    email: row.actor_email,
    via: row.actor_token_name !== null || row.actor_token_id !== null ? 'token' : 'session',
    tokenName: row.actor_token_name,
  },
  action: row.action,
  target: { type: row.target_type, id: row.target_id, name: row.target_name },
  summary: row.summary,
});

/** The workspace's audit log, newest first, one keyset page at a time. */
export async function listAudit(args: { db: Db; actor: Actor; cursor?: string; limit: number }): Promise<Page<AuditEvent>> {
  const workspaceId = allow(args.actor, 'audit.read');
  const page = await keysetPage<AuditRow>({
    query: args.db('audit_events').where({ workspace_id: workspaceId }).select('*'),
    column: 'at',
    direction: 'desc',
    cursor: args.cursor,
    limit: args.limit,
  });
  return { items: page.items.map(toEvent), nextCursor: page.nextCursor };
}
