// A Google Sheet -> Stripe "create customer" connection for runner tests: the Google
// emulator holds the sheet, a service account reads it, every sent row becomes a customer.
import type { JsonObject } from '../../../connectors/sdk';
import { insertAccount, insertConnection } from '../../support/fixtures';
import { startGoogleEmulator, type Cell, type GoogleEmulator } from '../../emulators/google';
import { startHarness, type Harness } from './harness';

export interface SheetsHarness {
  h: Harness;
  google: GoogleEmulator;
}

/** The runner harness with the Google emulator wired in, made before each test (or once, `all`) and closed after. */
export function sheetsHarness(scope: 'each' | 'all' = 'each'): SheetsHarness {
  const env = {} as SheetsHarness;
  (scope === 'each' ? beforeEach : beforeAll)(async () => {
    env.h = await startHarness();
    env.google = await startGoogleEmulator();
    env.h.deps.context = { ...env.h.deps.context, googleApiBase: env.google.url };
  });
  (scope === 'each' ? afterEach : afterAll)(async () => {
    await env.google.close();
    await env.h.close();
  });
  return env;
}

export interface SheetConnection {
  connectionId: string;
  spreadsheetId: string;
}

export async function sheetConnection(
  h: Harness,
  google: GoogleEmulator,
  rows: Cell[][],
  sourceOptions: JsonObject & { startFrom?: 'now' | 'beginning'; keyColumn?: string },
  mapping: Record<string, string> = { email: '{{Email}}', name: '{{Name}}' },
): Promise<SheetConnection> {
  // A service account of its own: Google's quota (and so the budget) is per service account.
  const key = google.createServiceAccount();
  const spreadsheetId = google.createSpreadsheet({ title: 'Leads', sheets: { Leads: rows }, sharedWith: [key.client_email] });
  const account = await insertAccount(h.database.db, h.workspaceId, 'google-sheets', { serviceAccountKey: JSON.stringify(key) });
  const connectionId = await insertConnection(h.database.db, h.workspaceId, {
    source_connector: 'google-sheets',
    source_trigger: 'new-row',
    source_account_id: account,
    source_options: { spreadsheetId, sheet: 'Leads', ...sourceOptions },
    destination_connector: 'stripe',
    destination_action: 'create-customer',
    destination_account_id: h.stripeAccountId,
    destination_options: { onExistingEmail: 'create' },
    mapping,
  });
  return { connectionId, spreadsheetId };
}

/** Emails of the customers in the Stripe emulator, sorted. */
export function customerEmails(h: Harness): string[] {
  return h.stripe
    .list('customer')
    .map((customer) => String(customer.email))
    .sort();
}
