import request from 'supertest';
import { startTestApi, TestApi } from '../../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.drop());

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes the contract paths with the schemas the API validates with', async () => {
    const doc = (await request(api.app).get('/api/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, method] of [
      ['/api/setup', 'post'],
      ['/api/login', 'post'],
      ['/api/logout', 'post'],
      ['/api/session', 'get'],
      ['/api/tokens', 'post'],
      ['/api/tokens/{id}', 'delete'],
      ['/api/connectors', 'get'],
      ['/api/connectors/{connector}/options/{field}', 'post'],
      ['/api/accounts', 'post'],
      ['/api/accounts', 'get'],
      ['/api/accounts/{id}', 'get'],
      ['/api/accounts/{id}', 'delete'],
      ['/api/accounts/google/oauth/start', 'get'],
      ['/api/accounts/google/oauth/callback', 'get'],
    ]) {
      expect(doc.paths[path!]?.[method!]).toBeDefined();
    }
    const setup = doc.paths['/api/setup'].post;
    expect(setup.requestBody.content['application/json'].schema).toMatchObject({
      additionalProperties: false,
      required: ['email', 'password', 'workspaceName'],
      properties: { password: { minLength: 12 } },
    });
    expect(setup.security).toEqual([]);
    expect(doc.paths['/api/accounts/{id}'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    );
    expect(doc.components.schemas.Error.properties.error.required).toEqual(['code', 'message', 'details']);
  });

  it('documents exactly the routes that answer: an undocumented path is unknown', async () => {
    const doc = (await request(api.app).get('/api/openapi.json')).body;
    expect(doc.paths['/api/nothing']).toBeUndefined();
    await request(api.app).get('/api/nothing').expect(404);
  });
});
