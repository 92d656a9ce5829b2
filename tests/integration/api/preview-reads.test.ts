// The mapping step previews after every edit. A sheet must not be read for each of those
// previews: a Google account's per-minute budget is small, and previews that wait for it
// leave the person looking at a frozen step.
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let google: GoogleEmulator;
let api: TestApi;
let owner: LoggedIn;
let connectionId: string;
let spreadsheetId: string;

beforeAll(async () => {
  google = await startGoogleEmulator();
  api = await startTestApi({ config: { googleApiBase: google.url } });
  owner = await setupOwner(api.app);
  const key = google.createServiceAccount('preview-reader');
  spreadsheetId = google.createSpreadsheet({
    title: 'Leads',
    sheets: {
      Leads: [
        ['Email', 'Name'],
        ['ann@example.com', 'Ann'],
      ],
    },
    sharedWith: [key.client_email],
  });
  const account = await owner
    .post('/api/accounts')
    .send({ connector: 'google-sheets', name: 'Robot', credentials: { serviceAccountKey: JSON.stringify(key) } })
    .expect(201);
  const created = await owner
    .post('/api/connections')
    .send({
      name: 'Leads draft',
      source: {
        connector: 'google-sheets',
        trigger: 'new-row',
        account: account.body.id,
        options: { spreadsheetId, sheet: 'Leads', keyColumn: 'Email' },
      },
      enabled: false,
    })
    .expect(201);
  connectionId = created.body.id;
});
afterAll(async () => {
  await api.drop();
  await google.close();
});

const preview = (mapping: Record<string, string>) =>
  owner.post(`/api/connections/${connectionId}/preview`).send({ mapping }).expect(200);

describe('previews while a mapping is edited', () => {
  it('read the sheet once for a burst of edits; the test step and samples read it afresh', async () => {
    const before = google.readCount();
    const first = await preview({ email: '{{Email}}' });
    const oneRead = google.readCount() - before;
    // Two of the account's 60 reads a minute: the grid's size, then the header and the rows.
    expect(oneRead).toBe(2);
    expect(first.body.items[0].source).toMatchObject({ Email: 'ann@example.com', Name: 'Ann' });

    for (const name of ['{{Name}}', '{{Name}} Lee', 'Dr {{Name}}', '{{ $uppercase(Name) }}']) {
      const next = await preview({ email: '{{Email}}', name });
      expect(next.body.items[0].source.Email).toBe('ann@example.com');
    }
    expect(google.readCount() - before).toBe(oneRead);

    // A row typed into the sheet meanwhile: the test step (the saved mapping's preview) and the
    // samples read afresh and show it, and so do the edits' previews after them.
    google.appendRows(spreadsheetId, 'Leads', [['bob@example.com', 'Bob']]);
    const tested = await owner.post(`/api/connections/${connectionId}/preview`).send({}).expect(200);
    expect(tested.body.items.map((item: { source: { Email: string } }) => item.source.Email)).toContain('bob@example.com');
    const samples = await owner.get(`/api/connections/${connectionId}/samples`).expect(200);
    expect(samples.body.items.map((item: { data: { Email: string } }) => item.data.Email)).toContain('bob@example.com');
    const after = await preview({ email: '{{Email}}' });
    expect(after.body.items.map((item: { source: { Email: string } }) => item.source.Email)).toContain('bob@example.com');
  });
});
