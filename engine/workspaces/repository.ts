import type { Db } from '../store/db';

export interface Workspace {
  id: string;
  name: string;
  timezone: string;
}

interface WorkspaceRow {
  id: string;
  name: string;
  timezone: string;
}

const toWorkspace = (row: WorkspaceRow): Workspace => ({ id: row.id, name: row.name, timezone: row.timezone });

export async function insertWorkspace(db: Db, args: { name: string; timezone: string }): Promise<Workspace> {
  const [row] = (await db('workspaces').insert({ name: args.name, timezone: args.timezone }).returning('*')) as WorkspaceRow[];
  return toWorkspace(row!);
}

export async function addMember(db: Db, args: { workspaceId: string; userId: string; role: 'owner' | 'member' }): Promise<void> {
  await db('workspace_members').insert({ workspace_id: args.workspaceId, user_id: args.userId, role: args.role });
}

export async function workspacesOfUser(db: Db, userId: string): Promise<Workspace[]> {
  const rows = (await db('workspaces')
    .join('workspace_members', 'workspace_members.workspace_id', 'workspaces.id')
    .where('workspace_members.user_id', userId)
    .orderBy('workspace_members.created_at')
    .select('workspaces.id', 'workspaces.name', 'workspaces.timezone')) as WorkspaceRow[];
  return rows.map(toWorkspace);
}

export async function findWorkspaceOfUser(db: Db, args: { userId: string; workspaceId: string }): Promise<Workspace | null> {
  const row = (await db('workspaces')
    .join('workspace_members', 'workspace_members.workspace_id', 'workspaces.id')
    .where({ 'workspace_members.user_id': args.userId, 'workspaces.id': args.workspaceId })
    .first('workspaces.id', 'workspaces.name', 'workspaces.timezone')) as WorkspaceRow | undefined;
  return row ? toWorkspace(row) : null;
}
