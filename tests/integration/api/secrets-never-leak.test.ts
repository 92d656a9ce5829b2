import request from 'supertest';
import { otherTenant, setupOwner, startTestApi, TestApi } from '../../support/api';
import { GOOD_KEY, testConnectors } from './fake-connector';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ connectors: testConnectors });
});
afterAll(() => api.drop());

describe('secrets never appear in a response, an error or a log line', () => {
  it('keeps passwords, API keys, refused keys and API tokens out of every response body and log', async () => {
    const bodies: string[] = [];
    const keep = (response: request.Response) => {
      bodies.push(JSON.stringify(response.body), JSON.stringify(response.headers));
      return response;
    };
    const owner = await setupOwner(api.app);
    const refusedKey = 'crm_live_REFUSEDKEY77';
    keep(await owner.post('/api/accounts').send({ connector: 'fake-crm', name: 'CRM', credentials: { apiKey: GOOD_KEY } }));
    keep(await owner.post('/api/accounts').send({ connector: 'fake-crm', name: 'CRM', credentials: { apiKey: refusedKey } }));
    keep(
      await owner
        .post('/api/accounts')
        .send({ connector: 'fake-crm', name: 'CRM', credentials: { apiKey: GOOD_KEY, extra: 'x' } }),
    );
    keep(await owner.post('/api/accounts').send({ connector: 'nope', name: 'CRM', credentials: { apiKey: GOOD_KEY } }));
    keep(
      await owner.post('/api/accounts').set('Content-Type', 'application/json').send(`{"credentials":{"apiKey":"${GOOD_KEY}"`),
    );
    keep(await owner.get('/api/accounts'));
    const accountId = JSON.parse(bodies[0]!).id as string;
    keep(await owner.get(`/api/accounts/${accountId}`));
    keep(await owner.post(`/api/accounts/${accountId}/verify`));
    keep(await request(api.app).post('/api/login').send({ email: 'owner@example.com', password: 'WrongPassword-XYZ' }));
    const token = (await owner.post('/api/tokens').send({ name: 'ci' })).body.token as string;
    keep(await owner.get('/api/tokens'));
    keep(await request(api.app).get('/api/accounts').set('Authorization', `Bearer ${token}x`));
    const rival = await otherTenant(api);
    keep(await rival.get(`/api/accounts/${accountId}`));

    const secrets = [GOOD_KEY, refusedKey, 'REFUSEDKEY77', 'correct horse battery', 'WrongPassword-XYZ', token];
    // The request log saw every call, so the search below covers real log lines.
    expect(api.logs()).toContain('"path":"/api/accounts"');
    const everything = bodies.join('\n') + api.logs();
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(bodies.join('\n')).toContain('crm_...0001');
  });
});
