import { createHash } from 'node:crypto';
import type { ConnectorContext, JsonObject } from '../../connectors/sdk';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Db } from '../store/db';
import { sendBudgetHook } from './send-budget';

/**
 * The context to hand a connector that works with one account's credentials: every
 * request it sends waits for that account's budget, shared by all processes on this
 * database. A connector without a declared rate (or no account) gets the context as is.
 */
export function accountContext(args: {
  db: Db;
  context: ConnectorContext;
  registry: ConnectorRegistry;
  connector: string | null;
  accountId: string | null;
  credentials: JsonObject;
}): ConnectorContext {
  if (!args.connector || !args.accountId) return args.context;
  const rate = args.registry.get(args.connector)?.account?.requestRate?.(args.credentials);
  if (!rate) return args.context;
  return {
    ...args.context,
    beforeRequest: sendBudgetHook(args.db, budgetKey(args.connector, args.accountId, rate.quotaOwner), rate),
  };
}

/**
 * The budget's row: the account's own, or its quota owner's when the service counts per
 * owner (hashed, so the table names no one).
 */
function budgetKey(connector: string, accountId: string, quotaOwner: string | undefined): string {
  if (!quotaOwner) return `account:${accountId}`;
  return `owner:${connector}:${createHash('sha256').update(quotaOwner).digest('hex').slice(0, 32)}`;
}
