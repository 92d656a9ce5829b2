// A webhook -> Google Sheets connection for destination tests: the sheet in the Google
// emulator, shared with a service account of its own, payloads already in the inbox.
import type { JsonObject } from '../../../connectors/sdk';
import type { Cell } from '../../emulators/google';
import { insertAccount, insertConnection, insertDeliveries } from '../../support/fixtures';
import type { SheetsHarness } from '../runner/sheet-connection';

export async function sheetDestination(
  env: SheetsHarness,
  args: { action: string; rows: Cell[][]; payloads: JsonObject[]; options?: JsonObject; mapping: Record<string, string> },
): Promise<{ connectionId: string; spreadsheetId: string }> {
  const { h, google } = env;
  const key = google.createServiceAccount();
  const spreadsheetId = google.createSpreadsheet({
    title: 'Sales',
    sheets: { Charges: args.rows },
    sharedWith: [key.client_email],
  });
  const account = await insertAccount(h.database.db, h.workspaceId, 'google-sheets', {
    serviceAccountKey: JSON.stringify(key),
    requestsPerMinute: 6000,
  });
  const connectionId = await insertConnection(h.database.db, h.workspaceId, {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    destination_connector: 'google-sheets',
    destination_action: args.action,
    destination_account_id: account,
    destination_options: { spreadsheetId, sheet: 'Charges', ...args.options },
    mapping: args.mapping,
  });
  await insertDeliveries(h.database.db, connectionId, args.payloads, `delivery-${Date.now()}-${Math.random()}`);
  return { connectionId, spreadsheetId };
}
