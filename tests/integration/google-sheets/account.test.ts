import type { ConnectorContext } from '../../../connectors/sdk';
import { googleSheets } from '../../../connectors/google-sheets';
import { newRow } from '../../../connectors/google-sheets/triggers/new-row';
import { connectors } from '../../../connectors';
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';

let emulator: GoogleEmulator;
let context: ConnectorContext;
const account = googleSheets.account!;

beforeAll(async () => {
  emulator = await startGoogleEmulator();
  context = { stripeApiBase: 'http://127.0.0.1:9', googleApiBase: emulator.url, googleOAuth: emulator.createOAuthClient() };
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

test('the registry lists Google Sheets with its new-row trigger', () => {
  expect(connectors.trigger('google-sheets', 'new-row')).toBe(newRow);
});

test('a service account key is verified by listing the spreadsheets shared with it', async () => {
  const key = emulator.createServiceAccount();
  emulator.createSpreadsheet({ title: 'CRM', sheets: { Leads: [['Email']] }, sharedWith: [key.client_email] });
  const result = await account.verify({ credentials: { serviceAccountKey: JSON.stringify(key) }, context });
  expect(result.details).toEqual({ spreadsheets: 1, email: key.client_email });
  expect(account.hint({ serviceAccountKey: JSON.stringify(key) })).toBe(`Service account ${key.client_email}`);
});

test('a key that is not JSON is refused with what to paste instead', async () => {
  await expect(account.verify({ credentials: { serviceAccountKey: 'client_email: robot@x' }, context })).rejects.toMatchObject({
    kind: 'auth',
    message: expect.stringContaining('not valid JSON'),
  });
});

test('an OAuth client file pasted as a key is refused, naming its type', async () => {
  const userKey = JSON.stringify({ type: 'authorized_user', client_id: 'x', client_secret: 'y', refresh_token: 'z' });
  await expect(account.verify({ credentials: { serviceAccountKey: userKey }, context })).rejects.toMatchObject({
    kind: 'auth',
    message: expect.stringContaining('type is "authorized_user", not "service_account"'),
  });
});

test('a key the token endpoint does not know is refused as invalid_grant with how to fix it', async () => {
  const other = await startGoogleEmulator();
  const foreignKey = other.createServiceAccount();
  await other.close();
  await expect(account.verify({ credentials: { serviceAccountKey: JSON.stringify(foreignKey) }, context })).rejects.toMatchObject(
    {
      kind: 'auth',
      message: expect.stringMatching(/invalid_grant.*create a new JSON key/),
    },
  );
});

test('a Google sign-in refresh token is verified, and a revoked one asks to reconnect', async () => {
  const refreshToken = emulator.issueRefreshToken(context.googleOAuth!.clientId);
  emulator.createSpreadsheet({ title: 'Mine', sheets: {} });
  expect((await account.verify({ credentials: { refreshToken }, context })).details).toEqual({ spreadsheets: 1 });
  const revoked = emulator.issueRefreshToken(context.googleOAuth!.clientId);
  emulator.revokeRefreshToken(revoked);
  await expect(account.verify({ credentials: { refreshToken: revoked }, context })).rejects.toMatchObject({
    kind: 'auth',
    message: expect.stringContaining('Reconnect your Google account'),
  });
});

test('the wizard gets spreadsheets, then their sheets, then the header names as key column choices', async () => {
  const refreshToken = emulator.issueRefreshToken(context.googleOAuth!.clientId);
  const credentials = { refreshToken };
  const spreadsheetId = emulator.createSpreadsheet({
    title: 'CRM',
    sheets: { Leads: [['Email', 'First name', '', 'Plan']], 'Old leads': [] },
  });
  const options = newRow.dynamicOptions!;
  expect(await options.spreadsheetId.load({ credentials, options: {}, context })).toEqual([
    { value: spreadsheetId, label: 'CRM' },
  ]);
  expect(await options.sheet.load({ credentials, options: { spreadsheetId }, context })).toEqual([
    { value: 'Leads', label: 'Leads' },
    { value: 'Old leads', label: 'Old leads' },
  ]);
  const columns = await options.keyColumn.load({ credentials, options: { spreadsheetId, sheet: 'Leads' }, context });
  expect(columns.map((choice) => choice.value)).toEqual(['Email', 'First name', 'C', 'Plan']);
  expect(options.keyColumn.dependsOn).toContain('sheet');
});
