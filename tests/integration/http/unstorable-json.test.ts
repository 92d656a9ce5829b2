import request from 'supertest';
import { setupOwner, startTestApi, TestApi } from '../../support/api';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { createWebhookConnection, createWorkspace, hooksApp, inboxRows } from '../webhooks/fixtures';

const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

describe('a webhook body PostgreSQL cannot store is refused with 400 and the reason, so senders stop retrying', () => {
  let testDb: TestDatabase;
  let workspaceId: string;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    workspaceId = await createWorkspace(testDb.db);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const post = async (body: string) => {
    const hook = await createWebhookConnection(testDb.db, workspaceId);
    const response = await request(hooksApp(testDb.db))
      .post(`/hooks/${hook.token}`)
      .set('Content-Type', 'application/json')
      .send(body);
    return { response, stored: await inboxRows(testDb.db, hook.connectionId) };
  };

  test('JSON nested 5,000 levels deep', async () => {
    const { response, stored } = await post(nested(5000));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.message).toContain('nested more than 100 levels deep');
    expect(stored).toHaveLength(0);
  });

  test('a lone \\ud800 in a value', async () => {
    const { response, stored } = await post('{"name":"Ann \\ud800"}');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('name contains a lone UTF-16 surrogate');
    expect(stored).toHaveLength(0);
  });

  test('a NUL character in a field name', async () => {
    const { response, stored } = await post('{"customer":{"na\\u0000me":"Ann"}}');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('customer has a field name that contains a NUL character');
    expect(stored).toHaveLength(0);
  });

  test('a payload 100 levels deep with paired surrogates (emoji) is stored as sent', async () => {
    const { response, stored } = await post(`{"note":"thanks \\ud83d\\ude00","deep":${nested(99)}}`);
    expect(response.status).toBe(200);
    expect(stored[0]!.payload.note).toBe('thanks 😀');
  });
});

describe('an API body PostgreSQL cannot store is refused with 400 naming the field, and nothing is created', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.drop();
  });

  test('deep nesting and lone surrogates are refused before any route stores them', async () => {
    const owner = await setupOwner(api.app);
    const deep = await owner.post('/api/connections').set('Content-Type', 'application/json').send(nested(5000));
    const lone = await owner.post('/api/tokens').set('Content-Type', 'application/json').send('{"name":"deploy \\udc00"}');

    expect([deep.status, lone.status]).toEqual([400, 400]);
    expect(deep.body.error.message).toContain('nested more than 100 levels deep');
    expect(lone.body.error.details.fields).toEqual([
      { field: 'name', message: expect.stringContaining('lone UTF-16 surrogate') },
    ]);
    expect(await api.database.db('api_tokens').select('id')).toEqual([]);
  });
});
