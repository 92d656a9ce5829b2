import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadAccountCredentials } from '../../../engine/accounts/service';
import { LoggedIn, otherTenant, setupOwner, startTestApi, TestApi } from '../../support/api';
import { GOOD_KEY, testConnectors } from './fake-connector';

let api: TestApi;
let owner: LoggedIn;
beforeAll(async () => {
  api = await startTestApi({ connectors: testConnectors });
  owner = await setupOwner(api.app);
});
afterAll(() => api.drop());

const addAccount = (as: LoggedIn, apiKey = GOOD_KEY, name = 'CRM') =>
  as.post('/api/accounts').send({ connector: 'fake-crm', name, credentials: { apiKey } });

describe('accounts', () => {
  it('verifies credentials live, stores them encrypted, and shows only a masked hint', async () => {
    const created = await addAccount(owner).expect(201);
    expect(created.body).toMatchObject({
      connector: 'fake-crm',
      name: 'CRM',
      hint: 'crm_...0001',
      details: { company: 'Acme CRM' },
    });
    expect(created.body.verifiedAt).toEqual(expect.any(String));
    expect(JSON.stringify(created.body)).not.toContain(GOOD_KEY);

    const row = await api.database.db('accounts').where({ id: created.body.id }).first();
    expect(row.credentials_encrypted).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(GOOD_KEY);

    const loaded = await loadAccountCredentials({
      db: api.database.db,
      config: api.config,
      workspaceId: owner.workspaceId,
      accountId: created.body.id,
    });
    expect(loaded).toMatchObject({ connector: 'fake-crm', credentials: { apiKey: GOOD_KEY } });

    expect((await owner.get(`/api/accounts/${created.body.id}`).expect(200)).body).toEqual(created.body);
    expect((await owner.get('/api/accounts').expect(200)).body.accounts).toContainEqual(created.body);
    const reverified = await owner.post(`/api/accounts/${created.body.id}/verify`).expect(200);
    expect(reverified.body.id).toBe(created.body.id);
  });

  it('refuses credentials the service rejects with 422, without echoing the key, and saves nothing', async () => {
    const before = await api.database.db('accounts').count('* as n').first();
    const response = await addAccount(owner, 'crm_live_WRONGKEY9999').expect(422);
    expect(response.body.error.code).toBe('account_verification_failed');
    expect(response.body.error.message).toContain('create a new key in Settings');
    expect(JSON.stringify(response.body)).not.toContain('WRONGKEY9999');
    expect(await api.database.db('accounts').count('* as n').first()).toEqual(before);
  });

  it('refuses to delete an account a connection uses, naming the connection, and deletes it once unused', async () => {
    const account = (await addAccount(owner, GOOD_KEY, 'In use')).body;
    const [connection] = await api.database
      .db('connections')
      .insert({
        workspace_id: owner.workspaceId,
        name: 'Leads -> CRM',
        source_connector: 'webhook',
        source_trigger: 'new-payload',
        destination_connector: 'fake-crm',
        destination_action: 'add-contact',
        destination_account_id: account.id,
      })
      .returning('id');
    const refused = await owner.del(`/api/accounts/${account.id}`).expect(409);
    expect(refused.body.error.code).toBe('account_in_use');
    expect(refused.body.error.message).toContain('"Leads -> CRM"');
    expect(refused.body.error.details.connections).toEqual([{ id: connection.id, name: 'Leads -> CRM' }]);

    await api.database.db('connections').where({ id: connection.id }).delete();
    await owner.del(`/api/accounts/${account.id}`).expect(204);
    await owner.get(`/api/accounts/${account.id}`).expect(404);
  });

  it("answers 404 on every account route for another workspace's account", async () => {
    const account = (await addAccount(owner, GOOD_KEY, 'Private')).body;
    const rival = await otherTenant(api);
    const attempts = [
      rival.get(`/api/accounts/${account.id}`),
      rival.post(`/api/accounts/${account.id}/verify`),
      rival.del(`/api/accounts/${account.id}`),
      rival
        .post('/api/connectors/fake-crm/options/tag')
        .send({ action: 'add-contact', account: account.id, options: { list: 'a' } }),
    ];
    for (const attempt of attempts) {
      const response = await attempt.expect(404);
      expect(response.body.error.code).toBe('not_found');
      expect(JSON.stringify(response.body)).not.toContain('Private');
    }
    expect((await rival.get('/api/accounts').expect(200)).body.accounts).toEqual([]);
    expect(await api.database.db('accounts').where({ id: account.id }).first()).toBeDefined();
  });
});

describe('Google sign-in for Sheets accounts', () => {
  it('says which settings to set when no OAuth client is configured', async () => {
    const response = await owner.get('/api/accounts/google/oauth/start').expect(409);
    expect(response.body.error.code).toBe('not_configured');
    expect(response.body.error.message).toContain('GOOGLE_OAUTH_CLIENT_ID');
    expect(response.body.error.message).toContain('GOOGLE_OAUTH_CLIENT_SECRET');
  });

  it('redirects to the consent page and saves the refresh token from the callback as an account', async () => {
    const received: URLSearchParams[] = [];
    const google = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(new URLSearchParams(body));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: 'ya29.x', refresh_token: '1//refresh-SECRET-42', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => google.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(google.address() as AddressInfo).port}`;
    const oauth = await startTestApi({
      connectors: testConnectors,
      config: {
        googleApiBase: base,
        googleOAuthClientId: 'client-1',
        googleOAuthClientSecret: 'GOCSPX-secret',
        publicUrl: 'https://tributary.example',
      },
    });
    try {
      const person = await setupOwner(oauth.app);
      const start = await person.get('/api/accounts/google/oauth/start').expect(302);
      const consent = new URL(start.headers.location!);
      expect(`${consent.origin}${consent.pathname}`).toBe(`${base}/auth`);
      expect(consent.searchParams.get('redirect_uri')).toBe('https://tributary.example/api/accounts/google/oauth/callback');
      expect(consent.searchParams.get('access_type')).toBe('offline');
      const state = consent.searchParams.get('state')!;

      // A different session cannot finish this flow.
      const stranger = await otherTenant(oauth);
      await stranger.get(`/api/accounts/google/oauth/callback?code=abc&state=${encodeURIComponent(state)}`).expect(400);

      const done = await person
        .get(`/api/accounts/google/oauth/callback?code=abc&state=${encodeURIComponent(state)}`)
        .expect(302);
      expect(received[0]?.get('code')).toBe('abc');
      expect(received[0]?.get('client_secret')).toBe('GOCSPX-secret');
      const accountId = new URL(done.headers.location!, 'http://x').searchParams.get('account')!;
      const account = await person.get(`/api/accounts/${accountId}`).expect(200);
      expect(account.body.connector).toBe('google-sheets');
      expect(JSON.stringify(account.body)).not.toContain('refresh-SECRET-42');
      const loaded = await loadAccountCredentials({
        db: oauth.database.db,
        config: oauth.config,
        workspaceId: person.workspaceId,
        accountId,
      });
      expect(loaded.credentials).toEqual({ refreshToken: '1//refresh-SECRET-42' });
    } finally {
      google.close();
      await oauth.drop();
    }
  });

  it('refuses the OAuth start without a login', async () => {
    await request(api.app).get('/api/accounts/google/oauth/start').expect(401);
  });
});
