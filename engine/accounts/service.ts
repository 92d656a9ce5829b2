import type { ConnectorRegistry } from '../../connectors';
import { AccountDefinition, isConnectorError, JsonObject } from '../../connectors/sdk';
import type { Config } from '../config/config';
import { decryptJson, encryptJson } from '../crypto/secret-box';
import type { Db } from '../store/db';
import { recordAudit } from '../audit/audit';
import { allow, type Actor } from '../teams/actor';
import { can } from '../teams/roles';
import { isUuid, notFound, ServiceError } from '../workspaces/service-error';
import { connectorContext } from './context';
import { withoutCredentials } from './redact';
import * as repo from './repository';

/** An account as people and the API see it: a masked hint, never the credentials. */
export interface Account {
  id: string;
  connector: string;
  name: string;
  hint: string;
  details: JsonObject;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const toAccount = (row: repo.AccountRow): Account => ({
  id: row.id,
  connector: row.connector,
  name: row.name,
  hint: row.hint,
  details: row.details,
  verifiedAt: row.verified_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The connector's account definition, or a 400 naming `connector`. */
export function accountDefinitionFor(registry: ConnectorRegistry, connector: string): AccountDefinition<JsonObject> {
  const definition = registry.get(connector);
  if (!definition) {
    const known = registry
      .list()
      .filter((c) => c.account)
      .map((c) => c.name);
    throw new ServiceError(
      'validation_failed',
      `connector: "${connector}" is not a known connector; use one of ${known.join(', ') || '(none)'}.`,
      {
        fields: [{ field: 'connector', message: `is not a known connector; use one of ${known.join(', ') || '(none)'}` }],
      },
    );
  }
  if (!definition.account) {
    throw new ServiceError('validation_failed', `connector: ${definition.displayName} needs no account.`, {
      fields: [{ field: 'connector', message: `${definition.name} needs no account` }],
    });
  }
  return definition.account as AccountDefinition<JsonObject>;
}

async function verifyLive(account: AccountDefinition<JsonObject>, credentials: JsonObject, config: Config): Promise<JsonObject> {
  try {
    const result = await account.verify({ credentials, context: connectorContext(config) });
    return result.details ?? {};
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const reason = withoutCredentials(raw, credentials);
    const kind = isConnectorError(error) ? error.kind : 'retryable';
    // Name the credential at fault when the connector knows it, so the form can show the
    // message next to that input.
    const param = isConnectorError(error) && typeof error.details.param === 'string' ? error.details.param : null;
    const fields = param ? [{ field: `credentials.${param}`, message: reason }] : [];
    throw new ServiceError('account_verification_failed', `The credentials could not be verified: ${reason}`, { kind, fields });
  }
}

/** Verifies the credentials against the service, then stores them encrypted. */
export async function createAccount(args: {
  db: Db;
  config: Config;
  connectors: ConnectorRegistry;
  now: Date;
  actor: Actor;
  connector: string;
  name: string;
  credentials: JsonObject;
}): Promise<Account> {
  const workspaceId = allow(args.actor, 'accounts.manage');
  const account = accountDefinitionFor(args.connectors, args.connector);
  const details = await verifyLive(account, args.credentials, args.config);
  const row = await repo.insertAccount(args.db, {
    workspaceId,
    connector: args.connector,
    name: args.name,
    credentialsEncrypted: encryptJson(args.credentials, args.config.secretKey),
    hint: account.hint(args.credentials),
    details,
    now: args.now,
  });
  await auditAccount(args.db, args.actor, 'account.created', row, `Added the ${row.connector} account "${row.name}" (verified).`);
  return toAccount(row);
}

// The hint is left out on purpose: the log is for who did what, not for any part of a key.
async function auditAccount(
  db: Db,
  actor: Actor,
  action: 'account.created' | 'account.verified' | 'account.deleted',
  row: repo.AccountRow,
  summary: string,
): Promise<void> {
  await recordAudit(db, actor, { action, target: { type: 'account', id: row.id, name: row.name }, summary });
}

/**
 * Editors pick accounts for their connections by name; only those who manage accounts
 * see the masked credential hint and what the service said about it.
 */
function asSeenBy(actor: Actor, account: Account): Account {
  return can(actor.role, 'accounts.manage') ? account : { ...account, hint: '', details: {} };
}

export async function listAccounts(args: { db: Db; actor: Actor }): Promise<Account[]> {
  const workspaceId = allow(args.actor, 'connections.build');
  return (await repo.listAccounts(args.db, workspaceId)).map((row) => asSeenBy(args.actor, toAccount(row)));
}

async function findRow(db: Db, workspaceId: string, id: string): Promise<repo.AccountRow> {
  const row = isUuid(id) ? await repo.findAccount(db, { workspaceId, id }) : null;
  if (!row) throw notFound('The account');
  return row;
}

export async function getAccount(args: { db: Db; actor: Actor; id: string }): Promise<Account> {
  const workspaceId = allow(args.actor, 'connections.build');
  return asSeenBy(args.actor, toAccount(await findRow(args.db, workspaceId, args.id)));
}

/** Re-checks stored credentials with the service (e.g. after a key was rolled). */
export async function reverifyAccount(args: {
  db: Db;
  config: Config;
  connectors: ConnectorRegistry;
  now: Date;
  actor: Actor;
  id: string;
}): Promise<Account> {
  const workspaceId = allow(args.actor, 'accounts.manage');
  const row = await findRow(args.db, workspaceId, args.id);
  const account = accountDefinitionFor(args.connectors, row.connector);
  const credentials = decryptJson<JsonObject>(row.credentials_encrypted, args.config.secretKey);
  const details = await verifyLive(account, credentials, args.config);
  const verified = await repo.markVerified(args.db, { workspaceId, id: row.id, details, now: args.now });
  await auditAccount(
    args.db,
    args.actor,
    'account.verified',
    row,
    `Checked "${row.name}" with ${row.connector} again: it works.`,
  );
  return toAccount(verified);
}

function inUse(connections: Array<{ id: string; name: string }>): ServiceError {
  const names = connections.map((c) => `"${c.name}"`).join(', ');
  return new ServiceError(
    'account_in_use',
    `This account is used by ${connections.length === 1 ? 'the connection' : 'the connections'} ${names}. Change or delete ${connections.length === 1 ? 'it' : 'them'} first.`,
    { connections },
  );
}

export async function deleteAccount(args: { db: Db; actor: Actor; id: string }): Promise<void> {
  const workspaceId = allow(args.actor, 'accounts.manage');
  const row = await findRow(args.db, workspaceId, args.id);
  const users = await repo.connectionsUsingAccount(args.db, { workspaceId, id: row.id });
  if (users.length > 0) throw inUse(users);
  try {
    await repo.deleteAccount(args.db, { workspaceId, id: row.id });
    await auditAccount(args.db, args.actor, 'account.deleted', row, `Deleted the ${row.connector} account "${row.name}".`);
  } catch (error) {
    // A connection saved between the check and the delete: the foreign key refuses it.
    if ((error as { code?: string }).code === '23503') {
      throw inUse(await repo.connectionsUsingAccount(args.db, { workspaceId, id: row.id }));
    }
    throw error;
  }
}

export interface AccountCredentials {
  id: string;
  connector: string;
  name: string;
  credentials: JsonObject;
}

/** For the runner: the decrypted credentials of an account in this workspace. */
export async function loadAccountCredentials(args: {
  db: Db;
  config: Config;
  workspaceId: string;
  accountId: string;
}): Promise<AccountCredentials> {
  const row = await findRow(args.db, args.workspaceId, args.accountId);
  return {
    id: row.id,
    connector: row.connector,
    name: row.name,
    credentials: decryptJson<JsonObject>(row.credentials_encrypted, args.config.secretKey),
  };
}
