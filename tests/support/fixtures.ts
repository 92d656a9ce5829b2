import crypto from 'node:crypto';
import type { JsonObject } from '../../connectors/sdk';
import { encryptJson } from '../../engine/crypto/secret-box';
import type { Db } from '../../engine/store/db';

/** A key for tests; the product reads its key from configuration. */
export const TEST_SECRET_KEY = crypto.createHash('sha256').update('tributary tests').digest();

export async function insertWorkspace(db: Db, name = 'Acme', timezone = 'Europe/Berlin'): Promise<string> {
  const [row] = (await db('workspaces').insert({ name, timezone }).returning('id')) as Array<{ id: string }>;
  return row!.id;
}

export async function insertAccount(
  db: Db,
  workspaceId: string,
  connector: string,
  credentials: JsonObject,
  hint = 'test account',
): Promise<string> {
  const [row] = (await db('accounts')
    .insert({
      workspace_id: workspaceId,
      connector,
      name: `${connector} account`,
      credentials_encrypted: encryptJson(credentials, TEST_SECRET_KEY),
      hint,
    })
    .returning('id')) as Array<{ id: string }>;
  return row!.id;
}

export interface ConnectionRow {
  name?: string;
  source_connector: string;
  source_trigger: string;
  source_account_id?: string | null;
  source_options?: JsonObject;
  destination_connector: string;
  destination_action: string;
  destination_account_id?: string | null;
  destination_options?: JsonObject;
  mapping: Record<string, string | number | boolean>;
  enabled?: boolean;
  run_after?: string | null;
  webhook_token?: string | null;
}

/** Inserts a connection row as the connections service would store it. */
export async function insertConnection(db: Db, workspaceId: string, row: ConnectionRow): Promise<string> {
  const [inserted] = (await db('connections')
    .insert({
      workspace_id: workspaceId,
      name: row.name ?? 'Test connection',
      source_connector: row.source_connector,
      source_trigger: row.source_trigger,
      source_account_id: row.source_account_id ?? null,
      source_options: JSON.stringify(row.source_options ?? {}),
      destination_connector: row.destination_connector,
      destination_action: row.destination_action,
      destination_account_id: row.destination_account_id ?? null,
      destination_options: JSON.stringify(row.destination_options ?? {}),
      mapping: JSON.stringify(row.mapping),
      enabled: row.enabled ?? false,
      run_after: row.run_after ?? null,
      webhook_token: row.webhook_token ?? null,
    })
    .returning('id')) as Array<{ id: string }>;
  return inserted!.id;
}

/** Stores webhook deliveries as the ingress would, oldest first. */
export async function insertDeliveries(
  db: Db,
  connectionId: string,
  payloads: JsonObject[],
  keyPrefix = 'delivery',
): Promise<void> {
  await db('webhook_inbox').insert(
    payloads.map((payload, index) => ({
      connection_id: connectionId,
      delivery_key: `${keyPrefix}-${index + 1}`,
      payload: JSON.stringify(payload),
    })),
  );
}

/**
 * The columns of a webhook -> Stripe "create customer" connection on an hourly schedule
 * that tests and benchmarks insert directly: `email` and `name` mapped, and "create" (not
 * "reuse") so that only the ledger and idempotency keys guard against a second customer.
 */
export function webhookToCustomerColumns(accountId: string, sourceOptions: object = {}) {
  return {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    source_options: JSON.stringify(sourceOptions),
    destination_connector: 'stripe',
    destination_action: 'create-customer',
    destination_account_id: accountId,
    destination_options: JSON.stringify({ onExistingEmail: 'create' }),
    mapping: JSON.stringify({ email: '{{email}}', name: '{{name}}' }),
    schedule: JSON.stringify({ type: 'interval', minutes: 60 }),
    enabled: true,
  };
}
