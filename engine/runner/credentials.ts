import type { JsonObject } from '../../connectors/sdk';
import { ConnectorError } from '../../connectors/sdk';
import { findAccount, type AccountRow } from '../accounts/repository';
import { decryptJson } from '../crypto/secret-box';
import type { Db } from '../store/db';

/**
 * Decrypts an account's credentials for one run. A missing account (deleted, or from
 * another workspace) is an `auth` failure: the run cannot proceed and says why.
 */
export async function loadCredentials(
  db: Db,
  secretKey: Buffer,
  workspaceId: string,
  accountId: string | null,
  /** Rows already read (accountsOfConnection); the account is looked up only when not among them. */
  known: AccountRow[] = [],
): Promise<JsonObject> {
  if (!accountId) return {};
  const row =
    known.find((account) => account.id === accountId && account.workspace_id === workspaceId) ??
    (await findAccount(db, { workspaceId, id: accountId }));
  if (!row)
    throw new ConnectorError(
      'auth',
      'The account this connection uses no longer exists. Choose another account in the connection.',
    );
  return decryptJson<JsonObject>(row.credentials_encrypted, secretKey);
}
