import { connectors } from '../../../connectors';
import { googleRequestRate } from '../../../connectors/google-sheets/account';
import { newRow } from '../../../connectors/google-sheets/triggers/new-row';
import { accountContext, bucketShape, takeAvailable } from '../../../engine/rate-limits';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// Issue 15.2: Google counts 60 Sheets reads a minute per user. The budget every worker
// shares must keep under that in every minute, and count a service account once however
// many Tributary accounts hold its key.
let database: TestDatabase;
let google: GoogleEmulator;
beforeAll(async () => {
  [database, google] = await Promise.all([createTestDatabase(), startGoogleEmulator()]);
});
afterAll(async () => {
  await Promise.all([database.drop(), google.close()]);
});

test('a Google account’s budget never lets more than 60 requests through in any minute, even after a quiet spell', async () => {
  const key = google.createServiceAccount('quota');
  const shape = bucketShape(googleRequestRate({ serviceAccountKey: JSON.stringify(key) }));
  const start = Date.UTC(2026, 0, 1);
  // Connections asking all the time for three minutes (simulated on PostgreSQL's side):
  // every request the budget grants, at the moment it grants it.
  const granted: number[] = [];
  for (let at = start; at < start + 180_000; at += 250) {
    const lease = await takeAvailable(database.db, { key: 'quota:google', shape, want: 5, now: at });
    for (let i = 0; i < lease.granted; i++) granted.push(at);
  }

  const busiestMinute = Math.max(...granted.map((from) => granted.filter((at) => at >= from && at < from + 60_000).length));
  expect(busiestMinute).toBeLessThanOrEqual(60);
  // Not so careful that polls starve: most of Google's quota is used.
  expect(busiestMinute).toBeGreaterThanOrEqual(55);
  expect(granted.length).toBeGreaterThanOrEqual(110);
});

test('two Tributary accounts holding one service account’s key share its budget; a sign-in account keeps its own', async () => {
  const key = google.createServiceAccount('shared');
  const spreadsheetId = google.createSpreadsheet({
    title: 'Leads',
    sheets: { Leads: [['Email'], ['ann@example.com']] },
    sharedWith: [key.client_email],
  });
  const credentials = { serviceAccountKey: JSON.stringify(key) };
  const contextFor = (accountId: string, accountCredentials: Record<string, unknown>) =>
    accountContext({
      db: database.db,
      context: { stripeApiBase: 'http://127.0.0.1:9', googleApiBase: google.url },
      registry: connectors,
      connector: 'google-sheets',
      accountId,
      credentials: accountCredentials,
    });
  const options = { spreadsheetId, sheet: 'Leads' };
  const before = google.requests.length;

  for (const accountId of ['acc_workspace_a', 'acc_workspace_b']) {
    const context = contextFor(accountId, credentials);
    const cursor = await newRow.startCursor({ credentials, options, from: 'beginning', context });
    for await (const batch of newRow.read({ credentials, options, cursor, context })) void batch;
  }
  const shared = contextFor('acc_workspace_a', credentials).beforeRequest;
  expect(contextFor('acc_workspace_b', credentials).beforeRequest).toBe(shared);
  expect(contextFor('acc_signed_in', { refreshToken: 'token-of-a-person' }).beforeRequest).not.toBe(shared);

  const sent = google.requests.slice(before).filter((request) => request.path !== '/token').length;
  const rows = (await database.db('rate_budgets').select('key', 'capacity', 'tokens')) as Array<{
    key: string;
    capacity: number;
    tokens: number;
  }>;
  const budgets = rows.filter((row) => !row.key.startsWith('quota:'));
  // Both accounts' requests came out of one row: Google sees one user.
  expect(budgets).toHaveLength(1);
  expect(budgets[0]!.key).not.toContain(key.client_email);
  expect(sent).toBeGreaterThanOrEqual(4);
  // The refill while the test ran is well under one request (about 0.47 a second).
  expect(Number(budgets[0]!.capacity) - Number(budgets[0]!.tokens)).toBeGreaterThan(sent - 2);
});

test('a Google account with a raised quota paces at that quota instead', () => {
  const key = JSON.stringify(google.createServiceAccount('raised'));
  expect(googleRequestRate({ serviceAccountKey: key, requestsPerMinute: 300 })).toMatchObject({ perSecond: 2.5, burst: 150 });
  expect(googleRequestRate({ refreshToken: 'token', requestsPerMinute: 300 })).toEqual({ perSecond: 2.5, burst: 150 });
});
