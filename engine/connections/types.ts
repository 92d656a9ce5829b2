import type { JsonObject } from '../../connectors/sdk';

/** A connection as stored: one row of `connections`. */
export interface ConnectionRecord {
  id: string;
  workspace_id: string;
  name: string;
  source_connector: string;
  source_trigger: string;
  source_account_id: string | null;
  source_options: JsonObject;
  destination_connector: string | null;
  destination_action: string | null;
  destination_account_id: string | null;
  destination_options: JsonObject;
  mapping: Record<string, string | number | boolean>;
  schedule: JsonObject | null;
  run_after: string | null;
  enabled: boolean;
  next_run_at: Date | null;
  webhook_token: string | null;
  /** A webhook's shared secret, sealed with the product's secret key. */
  webhook_secret_encrypted: string | null;
  created_at: Date;
  updated_at: Date;
}
