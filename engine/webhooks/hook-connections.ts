import type { JsonObject } from '../../connectors/sdk/types';
import type { Db } from '../store/db';

/** What the ingress needs to know about the connection behind a hook URL. */
export interface WebhookConnection {
  id: string;
  workspaceId: string;
  enabled: boolean;
  /** The push trigger behind the URL (`webhook`/`new-payload`, `stripe`/`event`). */
  sourceConnector: string;
  sourceTrigger: string;
  sourceOptions: JsonObject;
  /** The workspace's time zone, for sources that write dates as text. */
  timezone: string;
  /** Sealed secret (connections.webhook_secret_encrypted), null when none was set. */
  secretEncrypted: string | null;
}

interface ConnectionRow {
  id: string;
  workspace_id: string;
  enabled: boolean;
  source_connector: string;
  source_trigger: string;
  source_options: JsonObject;
  webhook_secret_encrypted: string | null;
  timezone: string | null;
}

export async function findWebhookConnection(db: Db, token: string): Promise<WebhookConnection | null> {
  // Only connections with a push source have a token, whatever their connector.
  const row = (await db('connections as c')
    .leftJoin('workspaces as w', 'w.id', 'c.workspace_id')
    .select(
      'c.id',
      'c.workspace_id',
      'c.enabled',
      'c.source_connector',
      'c.source_trigger',
      'c.source_options',
      'c.webhook_secret_encrypted',
      'w.timezone',
    )
    .where({ 'c.webhook_token': token })
    .first()) as ConnectionRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    enabled: row.enabled,
    sourceConnector: row.source_connector,
    sourceTrigger: row.source_trigger,
    sourceOptions: row.source_options,
    timezone: row.timezone ?? 'UTC',
    secretEncrypted: row.webhook_secret_encrypted,
  };
}

const MAX_CACHED = 10_000;

/**
 * Remembers found hook connections for a short time so a busy hook does not read its
 * connection once per delivery; concurrent look-ups of one token share one query.
 * Unknown tokens are never remembered (guessing must not fill memory), so every unknown
 * token costs exactly one indexed query. A change to a connection (disabled, protection,
 * deleted) takes effect within `ttlMs`; a deleted connection's deliveries fail on the
 * inbox's foreign key and answer 404 meanwhile.
 */
export class WebhookConnectionCache {
  private readonly entries = new Map<string, { connection: Promise<WebhookConnection | null>; expiresAt: number }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Promise<WebhookConnection | null> {
    const now = this.now();
    const entry = this.entries.get(token);
    if (entry && entry.expiresAt > now) return entry.connection;
    if (this.ttlMs <= 0) return findWebhookConnection(this.db, token);

    const connection = findWebhookConnection(this.db, token);
    if (this.entries.size >= MAX_CACHED) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { connection, expiresAt: now + this.ttlMs });
    connection.then(
      (found) => {
        if (!found && this.entries.get(token)?.connection === connection) this.entries.delete(token);
      },
      () => this.entries.delete(token),
    );
    return connection;
  }
}
