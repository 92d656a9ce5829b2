import crypto from 'node:crypto';
import express, { Express } from 'express';
import type { Db } from '../../../engine/store/db';
import { newWebhookToken, sealWebhookSecret } from '../../../engine/webhooks';
import { hooksRouter, HooksDependencies } from '../../../ui-api/hooks';

export const SECRET_KEY = crypto.randomBytes(32);

export async function createWorkspace(db: Db, name = 'Acme'): Promise<string> {
  const [row] = await db('workspaces').insert({ name }).returning<Array<{ id: string }>>('id');
  return row!.id;
}

export interface HookFixture {
  connectionId: string;
  token: string;
}

/** A webhook -> Stripe connection row, as the connections service would store it. */
export async function createWebhookConnection(
  db: Db,
  workspaceId: string,
  options: { sourceOptions?: Record<string, unknown>; secret?: string; enabled?: boolean } = {},
): Promise<HookFixture> {
  const token = newWebhookToken();
  const [row] = await db('connections')
    .insert({
      workspace_id: workspaceId,
      name: 'Shop orders -> Stripe customers',
      source_connector: 'webhook',
      source_trigger: 'new-payload',
      source_options: JSON.stringify(options.sourceOptions ?? {}),
      destination_connector: 'stripe',
      destination_action: 'create-customer',
      enabled: options.enabled ?? true,
      webhook_token: token,
      webhook_secret_encrypted: options.secret ? sealWebhookSecret(options.secret, SECRET_KEY) : null,
    })
    .returning<Array<{ id: string }>>('id');
  return { connectionId: row!.id, token };
}

/** An app with only the hooks router mounted, the way ui-api/app.ts mounts it. */
export function hooksApp(db: Db, extra: Partial<HooksDependencies> = {}): Express {
  const app = express();
  app.use('/hooks', hooksRouter({ db, config: { secretKey: SECRET_KEY }, connectionCacheMs: 0, ...extra }));
  return app;
}

export async function inboxRows(
  db: Db,
  connectionId: string,
): Promise<
  Array<{ id: number; delivery_key: string | null; payload: Record<string, unknown>; headers: Record<string, string> }>
> {
  return db('webhook_inbox').where({ connection_id: connectionId }).orderBy('id');
}
