import { recordAudit } from '../audit/audit';
import type { Db } from '../store/db';
import { allow, type Actor } from '../teams/actor';
import { addMember, insertWorkspace, type MemberWorkspace } from './repository';
import { fieldError, ServiceError } from './service-error';
import { isValidTimezone } from './timezone';

function checkTimezone(timezone: string | undefined): void {
  if (timezone !== undefined && !isValidTimezone(timezone)) {
    throw fieldError('timezone', `"${timezone}" is not a known time zone; use an IANA name such as Europe/Berlin or UTC.`);
  }
}

/** Anyone signed in may start a workspace of their own; they are its owner. */
export async function createWorkspace(args: { db: Db; actor: Actor; name: string; timezone?: string }): Promise<MemberWorkspace> {
  allow(args.actor, 'self.manage');
  checkTimezone(args.timezone);
  return args.db.transaction(async (trx) => {
    const workspace = await insertWorkspace(trx, { name: args.name, timezone: args.timezone ?? 'UTC' });
    await addMember(trx, { workspaceId: workspace.id, userId: args.actor.userId, role: 'owner' });
    const here: Actor = { ...args.actor, workspaceId: workspace.id, role: 'owner', tokenId: null };
    await recordAudit(trx, here, {
      action: 'workspace.created',
      target: { type: 'workspace', id: workspace.id, name: workspace.name },
      summary: `Created the workspace "${workspace.name}" (time zone ${workspace.timezone}).`,
    });
    return { ...workspace, role: 'owner' };
  });
}

export async function renameWorkspace(args: {
  db: Db;
  actor: Actor;
  name?: string;
  timezone?: string;
}): Promise<{ id: string; name: string; timezone: string }> {
  const workspaceId = allow(args.actor, 'workspace.manage');
  checkTimezone(args.timezone);
  return args.db.transaction(async (trx) => {
    const before = (await trx('workspaces').where({ id: workspaceId }).forUpdate().first('name', 'timezone')) as {
      name: string;
      timezone: string;
    };
    const after = { name: args.name ?? before.name, timezone: args.timezone ?? before.timezone };
    await trx('workspaces').where({ id: workspaceId }).update(after);
    const changes = [
      before.name !== after.name ? `renamed "${before.name}" to "${after.name}"` : null,
      before.timezone !== after.timezone ? `time zone ${before.timezone} to ${after.timezone}` : null,
    ].filter(Boolean);
    await recordAudit(trx, args.actor, {
      action: 'workspace.renamed',
      target: { type: 'workspace', id: workspaceId, name: after.name },
      summary: changes.length ? `Workspace ${changes.join('; ')}.` : 'Workspace saved with no changes.',
    });
    return { id: workspaceId, ...after };
  });
}

/**
 * Deletes the workspace with its connections, runs, accounts, members' access and audit
 * log, after the owner typed its name. Sessions that were in it move to another workspace
 * of the same person when they have one; the owner must keep at least one workspace.
 */
export async function deleteWorkspace(args: { db: Db; actor: Actor; confirmName: string }): Promise<void> {
  const workspaceId = allow(args.actor, 'workspace.own');
  await args.db.transaction(async (trx) => {
    const workspace = (await trx('workspaces').where({ id: workspaceId }).forUpdate().first('name')) as { name: string };
    if (args.confirmName !== workspace.name) {
      throw fieldError('confirmName', `type the workspace's name, "${workspace.name}", exactly to delete it.`);
    }
    const others = await trx('workspace_members').where({ user_id: args.actor.userId }).whereNot({ workspace_id: workspaceId });
    if (others.length === 0) {
      throw new ServiceError('conflict', 'This is your only workspace. Create another one first, then delete this one.');
    }
    await trx.raw(
      `update sessions s set workspace_id = (
         select m.workspace_id from workspace_members m
          where m.user_id = s.user_id and m.workspace_id <> s.workspace_id
          order by m.created_at limit 1)
        where s.workspace_id = ?
          and exists (select 1 from workspace_members m where m.user_id = s.user_id and m.workspace_id <> s.workspace_id)`,
      [workspaceId],
    );
    // Connections point at accounts and at each other with RESTRICT: take them apart in order.
    await trx('connections').where({ workspace_id: workspaceId }).update({ run_after: null });
    await trx('connections').where({ workspace_id: workspaceId }).delete();
    await trx('accounts').where({ workspace_id: workspaceId }).delete();
    await trx('workspaces').where({ id: workspaceId }).delete();
  });
}
