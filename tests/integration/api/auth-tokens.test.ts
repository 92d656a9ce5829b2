import request from 'supertest';
import { logIn, otherTenant, OWNER, setupOwner, startTestApi, TestApi } from '../../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.drop());

describe('API tokens', () => {
  it('shows a token once, lists it without its secret, lets a script use it without CSRF, and stops it when revoked', async () => {
    const owner = await setupOwner(api.app);
    const created = await owner.post('/api/tokens').send({ name: 'deploy script' }).expect(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^trb_[A-Za-z0-9_-]{43}$/);

    const listed = await owner.get('/api/tokens').expect(200);
    expect(listed.body.tokens).toEqual([
      expect.objectContaining({ id: created.body.id, name: 'deploy script', revokedAt: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const stored = await api.database.db('api_tokens').first();
    expect(JSON.stringify(stored)).not.toContain(token);

    const script = request(api.app);
    await script.get('/api/accounts').set('Authorization', `Bearer ${token}`).expect(200);
    // No X-CSRF-Token: a bearer token is never sent by a browser on its own.
    await script.post('/api/tokens').set('Authorization', `Bearer ${token}`).send({ name: 'made by a script' }).expect(201);
    expect((await owner.get('/api/tokens')).body.tokens[0].lastUsedAt).not.toBeNull();

    await owner.del(`/api/tokens/${created.body.id}`).expect(204);
    const refused = await script.get('/api/accounts').set('Authorization', `Bearer ${token}`).expect(401);
    expect(refused.body.error.code).toBe('unauthenticated');
  });

  it('answers 401 for a made-up token and for no credentials at all', async () => {
    await request(api.app).get('/api/tokens').set('Authorization', 'Bearer trb_madeup').expect(401);
    await request(api.app).get('/api/tokens').expect(401);
  });

  it("cannot see or revoke another workspace's token", async () => {
    const owner = await logIn(api.app, { email: OWNER.email, password: OWNER.password });
    const mine = await owner.post('/api/tokens').send({ name: 'mine' }).expect(201);

    const rival = await otherTenant(api);
    expect((await rival.get('/api/tokens').expect(200)).body.tokens).toEqual([]);
    const response = await rival.del(`/api/tokens/${mine.body.id}`).expect(404);
    expect(response.body.error.code).toBe('not_found');
    await rival.del('/api/tokens/not-a-uuid').expect(404);
    expect((await api.database.db('api_tokens').where({ id: mine.body.id }).first()).revoked_at).toBeNull();
  });
});
