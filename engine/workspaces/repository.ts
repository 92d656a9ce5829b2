import type { Db } from '../store/db';
import type { Role } from '../teams/roles';

export interface Workspace {
  id: string;
  name: string;
  timezone: string;
}

/** A workspace as one of its members sees it: with their role there. */
export interface MemberWorkspace extends Workspace {
  role: Role;
}

interface WorkspaceRow {
  id: string;
  name: string;
  timezone: string;
}

const toWorkspace = (row: WorkspaceRow): Workspace => ({ id: row.id, name: row.name, timezone: row.timezone });
const toMemberWorkspace = (row: WorkspaceRow & { role: Role }): MemberWorkspace => ({ ...toWorkspace(row), role: row.role });

const MEMBER_COLUMNS = ['workspaces.id', 'workspaces.name', 'workspaces.timezone', 'workspace_members.role'];

export async function insertWorkspace(db: Db, args: { name: string; timezone: string }): Promise<Workspace> {
  const [row] = (await db('workspaces').insert({ name: args.name, timezone: args.timezone }).returning('*')) as WorkspaceRow[];
  return toWorkspace(row!);
}

export async function addMember(db: Db, args: { workspaceId: string; userId: string; role: Role }): Promise<void> {
  await db('workspace_members').insert({ workspace_id: args.workspaceId, user_id: args.userId, role: args.role });
}

export async function workspacesOfUser(db: Db, userId: string): Promise<MemberWorkspace[]> {
  const rows = (await db('workspaces')
    .join('workspace_members', 'workspace_members.workspace_id', 'workspaces.id')
    .where('workspace_members.user_id', userId)
    .orderBy('workspace_members.created_at')
    .select(...MEMBER_COLUMNS)) as Array<WorkspaceRow & { role: Role }>;
  return rows.map(toMemberWorkspace);
}

export async function findWorkspaceOfUser(
  db: Db,
  args: { userId: string; workspaceId: string },
): Promise<MemberWorkspace | null> {
  const row = (await db('workspaces')
    .join('workspace_members', 'workspace_members.workspace_id', 'workspaces.id')
    .where({ 'workspace_members.user_id': args.userId, 'workspaces.id': args.workspaceId })
    .first(...MEMBER_COLUMNS)) as (WorkspaceRow & { role: Role }) | undefined;
  return row ? toMemberWorkspace(row) : null;
}

/** The workspace's IANA time zone; UTC when it has none. */
export async function workspaceTimezone(db: Db, workspaceId: string): Promise<string> {
  const row = (await db('workspaces').where({ id: workspaceId }).first('timezone')) as { timezone: string } | undefined;
  return row?.timezone ?? 'UTC';
}
