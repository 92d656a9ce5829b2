import type { Db } from '../store/db';
import type { ConnectionRecord } from './types';

/** A connection by id; with `workspaceId`, only if it belongs to that workspace. */
export async function findConnection(db: Db, id: string, workspaceId?: string): Promise<ConnectionRecord | null> {
  const query = db('connections').where({ id });
  if (workspaceId) query.andWhere({ workspace_id: workspaceId });
  return ((await query.first()) as ConnectionRecord | undefined) ?? null;
}
