import type { JsonObject } from '../../connectors/sdk';
import type { Db } from '../store/db';

export interface AccountRow {
  id: string;
  workspace_id: string;
  connector: string;
  name: string;
  credentials_encrypted: string;
  hint: string;
  details: JsonObject;
  verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

// Every query names the workspace: an id from another workspace simply finds nothing.

export async function insertAccount(
  db: Db,
  args: {
    workspaceId: string;
    connector: string;
    name: string;
    credentialsEncrypted: string;
    hint: string;
    details: JsonObject;
    now: Date;
  },
): Promise<AccountRow> {
  const [row] = (await db('accounts')
    .insert({
      workspace_id: args.workspaceId,
      connector: args.connector,
      name: args.name,
      credentials_encrypted: args.credentialsEncrypted,
      hint: args.hint,
      details: JSON.stringify(args.details),
      verified_at: args.now,
      created_at: args.now,
      updated_at: args.now,
    })
    .returning('*')) as AccountRow[];
  return row!;
}

export async function listAccounts(db: Db, workspaceId: string): Promise<AccountRow[]> {
  return (await db('accounts').where({ workspace_id: workspaceId }).orderBy('created_at')) as AccountRow[];
}

export async function findAccount(db: Db, args: { workspaceId: string; id: string }): Promise<AccountRow | null> {
  const row = (await db('accounts').where({ workspace_id: args.workspaceId, id: args.id }).first()) as AccountRow | undefined;
  return row ?? null;
}

/**
 * The accounts a connection uses (source and destination) in its workspace, read by the
 * connection's id alone: a run asks for them together with the connection itself.
 */
export async function accountsOfConnection(db: Db, args: { workspaceId: string; connectionId: string }): Promise<AccountRow[]> {
  return (await db('accounts as a')
    .join('connections as c', (join) => {
      join.on('c.source_account_id', '=', 'a.id').orOn('c.destination_account_id', '=', 'a.id');
    })
    .where({ 'c.id': args.connectionId, 'a.workspace_id': args.workspaceId })
    .select('a.*')) as AccountRow[];
}

export async function markVerified(
  db: Db,
  args: { workspaceId: string; id: string; details: JsonObject; now: Date },
): Promise<AccountRow> {
  const [row] = (await db('accounts')
    .where({ workspace_id: args.workspaceId, id: args.id })
    .update({ details: JSON.stringify(args.details), verified_at: args.now, updated_at: args.now })
    .returning('*')) as AccountRow[];
  return row!;
}

export async function connectionsUsingAccount(
  db: Db,
  args: { workspaceId: string; id: string },
): Promise<Array<{ id: string; name: string }>> {
  return (await db('connections')
    .where({ workspace_id: args.workspaceId })
    .andWhere((q) => q.where({ source_account_id: args.id }).orWhere({ destination_account_id: args.id }))
    .orderBy('name')
    .select('id', 'name')) as Array<{ id: string; name: string }>;
}

export async function deleteAccount(db: Db, args: { workspaceId: string; id: string }): Promise<number> {
  return db('accounts').where({ workspace_id: args.workspaceId, id: args.id }).delete();
}
