import type { Db } from '../../engine/store/db';
import type { Actor } from '../../engine/teams/actor';

/**
 * The workspace's owner as a guarded service sees a person acting through the wizard.
 * Workspaces made by bare fixtures have no member yet: they get an owner here.
 */
export async function ownerActor(db: Db, workspaceId: string): Promise<Actor> {
  let member = (await db('workspace_members').where({ workspace_id: workspaceId, role: 'owner' }).first('user_id')) as
    { user_id: string } | undefined;
  if (!member) {
    const [user] = (await db('users')
      .insert({ email: `owner-${workspaceId}@example.com`, password_hash: 'unusable' })
      .returning('id')) as Array<{ id: string }>;
    await db('workspace_members').insert({ workspace_id: workspaceId, user_id: user!.id, role: 'owner' });
    member = { user_id: user!.id };
  }
  return { userId: member.user_id, workspaceId, role: 'owner', via: 'session', tokenId: null };
}
