// kill -9 of a worker process at the worst moment for a destination without idempotency
// keys: Google Sheets has applied an append and the worker dies before reading the answer,
// so nothing records those rows. The worker that takes the run over must find them by
// their markers: 0 rows added twice, 0 payloads lost.
import type { RunRecord } from '../../../engine/runs/types';
import { enqueueRun } from '../../../engine/runs/repository';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { insertAccount, insertConnection, insertDeliveries, insertWorkspace } from '../../support/fixtures';
import { ProcessGroup, waitFor, type RoleProcess } from './processes';

const LEASE_SECONDS = 3;
const PAYLOADS = 1500;

jest.setTimeout(120_000);

let database: TestDatabase;
let google: GoogleEmulator;
let processes: ProcessGroup;

beforeEach(async () => {
  database = await createTestDatabase();
  google = await startGoogleEmulator();
  processes = new ProcessGroup({
    databaseUrl: database.url,
    stripeApiBase: 'http://127.0.0.1:9',
    extra: { TRIBUTARY_RUN_LEASE_SECONDS: String(LEASE_SECONDS), GOOGLE_API_BASE: google.url },
  });
});

afterEach(async () => {
  await processes?.stopAll();
  await google?.close();
  await database?.drop();
});

test('a worker killed (-9) after Google applied an append and before the answer: the next worker adds no row twice and loses none', async () => {
  const workspaceId = await insertWorkspace(database.db);
  const key = google.createServiceAccount();
  const spreadsheetId = google.createSpreadsheet({
    title: 'Sales',
    sheets: { Charges: [['Email', 'Name']] },
    sharedWith: [key.client_email],
  });
  const account = await insertAccount(database.db, workspaceId, 'google-sheets', {
    serviceAccountKey: JSON.stringify(key),
    requestsPerMinute: 6000,
  });
  const connectionId = await insertConnection(database.db, workspaceId, {
    source_connector: 'webhook',
    source_trigger: 'new-payload',
    destination_connector: 'google-sheets',
    destination_action: 'add-row',
    destination_account_id: account,
    destination_options: { spreadsheetId, sheet: 'Charges' },
    mapping: { Email: '{{email}}', Name: '{{name}}' },
  });
  const emails = Array.from({ length: PAYLOADS }, (_, n) => `p${n}@example.com`);
  await insertDeliveries(
    database.db,
    connectionId,
    emails.map((email, n) => ({ email, name: `Person ${n}` })),
  );

  // The second append is applied, then its worker dies before the answer leaves.
  let first: RoleProcess | null = null;
  let appendsSeen = 0;
  google.setWriteHook(async (entry) => {
    if (!entry.path.endsWith(':append') || ++appendsSeen !== 2) return;
    while (!first) await new Promise((resolve) => setTimeout(resolve, 10));
    first.signal('SIGKILL');
    await first.exited;
    throw new Error('the worker is gone');
  });
  const run = (await enqueueRun(database.db, { workspaceId, connectionId, trigger: 'manual' }))!;
  first = await processes.start('worker');
  expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
  // The kill left rows in the sheet that no record mentions.
  const recorded = await database.db('ledger').where({ connection_id: connectionId }).count('* as n');
  expect(google.rows(spreadsheetId, 'Charges').length - 1).toBeGreaterThan(Number(recorded[0]!.n));

  await processes.start('worker');
  const finished = await waitFor(
    'the run to be finished by the second worker',
    async () => {
      const row = (await database.db('runs').where({ id: run.id }).first()) as RunRecord;
      return row.finished_at ? row : undefined;
    },
    90_000,
  );

  expect(finished).toMatchObject({ status: 'succeeded', items_failed: 0 });
  const rows = google.rows(spreadsheetId, 'Charges').slice(1);
  expect(rows.map((row) => row[0])).toEqual(emails);
  expect(new Set(rows.map((row) => row[2])).size).toBe(PAYLOADS);
  expect(await database.db('ledger').where({ connection_id: connectionId }).count('* as n')).toEqual([{ n: PAYLOADS }]);
  expect(await database.db('webhook_inbox').whereNull('processed_at').count('* as n')).toEqual([{ n: 0 }]);
  expect(finished.attempt).toBe(2);
});
