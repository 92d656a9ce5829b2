// The whole Sheets -> Stripe flow built and run through the HTTP API alone, against the
// Google and Stripe emulators and a real PostgreSQL.
import { startGoogleEmulator, type GoogleEmulator } from '../../emulators/google';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { LoggedIn, setupOwner, startTestApi, TestApi } from '../../support/api';

let google: GoogleEmulator;
let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;

beforeAll(async () => {
  [google, stripe] = await Promise.all([startGoogleEmulator(), startStripeEmulator()]);
  api = await startTestApi({ config: { googleApiBase: google.url, stripeApiBase: stripe.url } });
  owner = await setupOwner(api.app);
});
afterAll(async () => {
  await api.drop();
  await Promise.all([google.close(), stripe.close()]);
});

const HEADER = ['Email', 'First name', 'Last name', 'Plan'];
const customerEmails = () => stripe.list('customer').map((customer) => customer.email);
const ledgerCount = async () => Number((await api.database.db('ledger').count('* as n').first())?.n);

describe('a Sheets -> Stripe connection built and run through the API alone', () => {
  let googleAccount: string;
  let stripeAccount: string;
  let spreadsheetId: string;
  let connectionId: string;
  let document: Record<string, unknown>;

  it('adds a Google account from a service-account key and a Stripe account from a test key, showing only hints', async () => {
    const key = google.createServiceAccount('leads-reader');
    spreadsheetId = google.createSpreadsheet({
      title: 'Leads',
      sheets: {
        Leads: [HEADER, ['ann@example.com', 'Ann', 'Lee', 'pro'], ['bob@example.com', 'Bob', 'Ray', 'basic']],
        Archive: [['Old']],
      },
      sharedWith: [key.client_email],
    });
    const googleResponse = await owner
      .post('/api/accounts')
      // A raised quota (as a Cloud project may have): this flow makes more requests in a few
      // seconds than Google's default 60 a minute allows, and pacing is not what it tests.
      .send({
        connector: 'google-sheets',
        name: 'Robot',
        credentials: { serviceAccountKey: JSON.stringify(key), requestsPerMinute: 6000 },
      })
      .expect(201);
    expect(googleResponse.body.hint).toBe(`Service account ${key.client_email}`);
    expect(JSON.stringify(googleResponse.body)).not.toContain('PRIVATE KEY');
    googleAccount = googleResponse.body.id;

    const stripeResponse = await owner
      .post('/api/accounts')
      .send({ connector: 'stripe', name: 'Test mode', credentials: { secretKey: 'sk_test_flowKey12345678' } })
      .expect(201);
    expect(stripeResponse.body.hint).toBe('sk_test_...5678');
    stripeAccount = stripeResponse.body.id;
  });

  it('offers the spreadsheets, sheets and columns the account can read', async () => {
    const options = (field: string, chosen: object) =>
      owner
        .post(`/api/connectors/google-sheets/options/${field}`)
        .send({ trigger: 'new-row', account: googleAccount, options: chosen })
        .expect(200);

    const spreadsheets = (await options('spreadsheetId', {})).body;
    expect(JSON.stringify(spreadsheets)).toContain(spreadsheetId);
    expect(JSON.stringify(spreadsheets)).toContain('Leads');
    const sheets = (await options('sheet', { spreadsheetId })).body;
    expect(JSON.stringify(sheets)).toContain('Archive');
    const columns = (await options('keyColumn', { spreadsheetId, sheet: 'Leads' })).body;
    for (const column of HEADER) expect(JSON.stringify(columns)).toContain(column);
    expect(JSON.stringify(columns)).toContain('suggestion');
    // A column to write results into is offered plainly: suggesting the key column there
    // would invite overwriting every email with a customer id.
    const writeBack = (await options('writeBackColumn', { spreadsheetId, sheet: 'Leads' })).body;
    for (const column of HEADER) expect(JSON.stringify(writeBack)).toContain(column);
    expect(JSON.stringify(writeBack)).not.toContain('suggestion');
  });

  it('saves the connection as a draft, previews the rows mapped, and test-sends one row as its delivery', async () => {
    document = {
      name: 'Leads sheet -> Stripe customers',
      source: {
        connector: 'google-sheets',
        trigger: 'new-row',
        account: googleAccount,
        options: { spreadsheetId, sheet: 'Leads', keyColumn: 'Email' },
      },
      destination: {
        connector: 'stripe',
        action: 'create-customer',
        account: stripeAccount,
        options: { onExistingEmail: 'create' },
      },
      mapping: { email: '{{Email}}', name: '{{First name}} {{Last name}}', 'metadata.plan': '{{ $uppercase(Plan) }}' },
      schedule: { type: 'interval', minutes: 15 },
      enabled: false,
    };
    const created = await owner.post('/api/connections').send(document).expect(201);
    connectionId = created.body.id;
    expect(created.body).toMatchObject({ enabled: false, nextRunAt: null, webhookUrl: null, lastRun: null });

    const preview = await owner.post(`/api/connections/${connectionId}/preview`).send({}).expect(200);
    expect(preview.body.fromSampleData).toBe(false);
    expect(preview.body.fields).toEqual(expect.arrayContaining(HEADER));
    expect(preview.body.items.map((item: { input: object }) => item.input)).toContainEqual({
      email: 'bob@example.com',
      name: 'Bob Ray',
      metadata: { plan: 'BASIC' },
    });

    const sent = await owner.post(`/api/connections/${connectionId}/test-send`).send({}).expect(200);
    expect(sent.body.objectId).toMatch(/^cus_/);
    expect(stripe.list('customer').map((customer) => customer.id)).toEqual([sent.body.objectId]);
    // A real row sent as a test counts as that row's delivery: no run sends it again.
    expect(await ledgerCount()).toBe(1);
    stripe.reset();
  });

  it('enables it on a 15-minute interval and says when it runs next', async () => {
    const enabled = await owner.post(`/api/connections/${connectionId}/enable`).expect(200);
    expect(enabled.body.enabled).toBe(true);
    const nextRunAt = new Date(enabled.body.nextRunAt).getTime();
    expect(nextRunAt - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(nextRunAt - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 5_000);
    expect(enabled.body.nextRunDescription).toEqual(expect.any(String));
    expect(enabled.body.nextRunDescription.length).toBeGreaterThan(3);
  });

  it('runs now, then sends only the rows added after it was enabled', async () => {
    google.appendRows(spreadsheetId, 'Leads', [['cai@example.com', 'Cai', 'Wu', 'pro']]);
    const queued = await owner.post(`/api/connections/${connectionId}/run`).expect(202);
    expect(queued.body.id).toEqual(expect.any(String));
    await api.engine.worker.drain();

    const run = (await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body;
    expect(run).toMatchObject({ status: 'succeeded', itemsSent: 1, itemsFailed: 0, trigger: 'manual' });
    expect(run.durationMs).toEqual(expect.any(Number));
    expect(customerEmails()).toEqual(['cai@example.com']);
    const items = (await owner.get(`/api/runs/${queued.body.id}/items`).expect(200)).body.items;
    expect(items.map((item: { destinationObjectId: string }) => item.destinationObjectId)).toEqual(
      stripe.list('customer').map((c) => c.id),
    );
    expect(items[0].mapped).toEqual({ email: 'cai@example.com', name: 'Cai Wu', metadata: { plan: 'PRO' } });

    const listed = (await owner.get(`/api/connections/${connectionId}`).expect(200)).body;
    expect(listed.lastRun).toMatchObject({ id: queued.body.id, status: 'succeeded', itemsSent: 1 });
  });

  it('on the next run sends the rows added since, and never the ones already sent', async () => {
    google.appendRows(spreadsheetId, 'Leads', [
      ['dee@example.com', 'Dee', 'Fox', 'basic'],
      ['eve@example.com', 'Eve', 'Kim', 'pro'],
    ]);
    google.insertRows(spreadsheetId, 'Leads', 2, [['fay@example.com', 'Fay', 'Ng', 'pro']]);
    const queued = await owner.post(`/api/connections/${connectionId}/run`).expect(202);
    await api.engine.worker.drain();

    const run = (await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body;
    expect(run).toMatchObject({ status: 'succeeded', itemsSent: 3, itemsFailed: 0 });
    expect(customerEmails().sort()).toEqual(['cai@example.com', 'dee@example.com', 'eve@example.com', 'fay@example.com']);
    const runs = (await owner.get(`/api/connections/${connectionId}/runs`).expect(200)).body.runs;
    expect(runs.map((r: { id: string }) => r.id)[0]).toBe(queued.body.id);
    // Both runs, and the test send of one row, which the run log lists as a run of its own.
    expect(runs.map((r: { trigger: string }) => r.trigger)).toEqual(['manual', 'manual', 'test']);
    const stats = (await owner.get(`/api/connections/${connectionId}/stats`).expect(200)).body.days;
    expect(stats.reduce((sum: number, day: { sent: number }) => sum + day.sent, 0)).toBe(5);
  });

  it('keeps its place in the sheet and its next run time when only the mapping is edited', async () => {
    const before = (await owner.get(`/api/connections/${connectionId}`).expect(200)).body;
    google.appendRows(spreadsheetId, 'Leads', [['gus@example.com', 'Gus', 'Orr', 'pro']]);
    const source = document.source as { options: object };
    // The same options in another order: still the same sheet.
    const edited = {
      ...document,
      enabled: true,
      source: { ...source, options: { keyColumn: 'Email', sheet: 'Leads', spreadsheetId } },
      mapping: { email: '{{Email}}', name: '{{Last name}}, {{First name}}' },
    };
    const saved = (await owner.put(`/api/connections/${connectionId}`).send(edited).expect(200)).body;
    expect(saved.nextRunAt).toBe(before.nextRunAt);

    const queued = await owner.post(`/api/connections/${connectionId}/run`).expect(202);
    await api.engine.worker.drain();
    expect((await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body).toMatchObject({
      status: 'succeeded',
      itemsSent: 1,
    });
    expect(stripe.list('customer').at(-1)).toMatchObject({ email: 'gus@example.com', name: 'Orr, Gus' });
  });

  it('refuses to switch on a connection to a sheet that does not exist, and stores nothing', async () => {
    const before = await api.database.db('connections').orderBy('id').select();
    const source = document.source as { options: object };
    const missing = {
      ...document,
      name: 'Missing sheet',
      enabled: true,
      source: { ...source, options: { spreadsheetId, sheet: 'No such tab' } },
    };
    const refused = await owner.post('/api/connections').send(missing).expect(422);
    expect(refused.body.error.code).toBe('connector_failed');
    expect(refused.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['source.options']);
    expect(await api.database.db('connections').orderBy('id').select()).toEqual(before);

    const existing = { ...document, enabled: true, source: { ...source, options: { spreadsheetId, sheet: 'No such tab' } } };
    await owner.put(`/api/connections/${connectionId}`).send(existing).expect(422);
    expect(await api.database.db('connections').orderBy('id').select()).toEqual(before);
    expect(await api.database.db('source_state').where({ connection_id: connectionId }).count('* as n').first()).toEqual({
      n: 1,
    });
  });
});
