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
    await script.post('/api/connections').set('Authorization', `Bearer ${token}`).send({}).expect(400);
    expect((await owner.get('/api/tokens')).body.tokens[0].lastUsedAt).not.toBeNull();

    await owner.del(`/api/tokens/${created.body.id}`).expect(204);
    const refused = await script.get('/api/accounts').set('Authorization', `Bearer ${token}`).expect(401);
    expect(refused.body.error.code).toBe('unauthenticated');
  });

  it('lets a token create tokens only when it was created with that right', async () => {
    const owner = await logIn(api.app, { email: OWNER.email, password: OWNER.password });
    const plain = (await owner.post('/api/tokens').send({ name: 'report script' }).expect(201)).body;
    expect(plain).toMatchObject({ canCreateTokens: false, expiresAt: null });

    const script = request(api.app);
    const refused = await script
      .post('/api/tokens')
      .set('Authorization', `Bearer ${plain.token}`)
      .send({ name: 'successor', canCreateTokens: true })
      .expect(403);
    expect(refused.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('may not create other tokens'),
    });

    const minter = (await owner.post('/api/tokens').send({ name: 'provisioner', canCreateTokens: true }).expect(201)).body;
    expect(minter.canCreateTokens).toBe(true);
    const child = (
      await script.post('/api/tokens').set('Authorization', `Bearer ${minter.token}`).send({ name: 'child' }).expect(201)
    ).body;
    expect(child.canCreateTokens).toBe(false);
    await script.post('/api/tokens').set('Authorization', `Bearer ${child.token}`).send({ name: 'grandchild' }).expect(403);
    const names = (await owner.get('/api/tokens').expect(200)).body.tokens.map((t: { name: string }) => t.name);
    expect(names).not.toContain('successor');
    expect(names).not.toContain('grandchild');
  });

  it('stops an expiring token at its expiry, and a token never creates one that outlives it', async () => {
    const owner = await logIn(api.app, { email: OWNER.email, password: OWNER.password });
    const inOneHour = new Date(Date.now() + 3_600_000).toISOString();
    const past = await owner.post('/api/tokens').send({ name: 'late', expiresAt: '2001-01-01T00:00:00Z' }).expect(400);
    expect(past.body.error.details.fields).toEqual([{ field: 'expiresAt', message: expect.stringContaining('future') }]);
    await owner.post('/api/tokens').send({ name: 'bad date', expiresAt: 'tomorrow' }).expect(400);

    const minter = (
      await owner.post('/api/tokens').send({ name: 'for an hour', expiresAt: inOneHour, canCreateTokens: true }).expect(201)
    ).body;
    expect(minter.expiresAt).toBe(inOneHour);
    const script = request(api.app);
    const bearer = `Bearer ${minter.token}`;
    const longer = await script
      .post('/api/tokens')
      .set('Authorization', bearer)
      .send({ name: 'longer', expiresAt: new Date(Date.now() + 7_200_000).toISOString() })
      .expect(400);
    expect(longer.body.error.details.fields[0].field).toBe('expiresAt');
    const child = (await script.post('/api/tokens').set('Authorization', bearer).send({ name: 'child' }).expect(201)).body;
    expect(child.expiresAt).toBe(inOneHour);
    await script.get('/api/accounts').set('Authorization', bearer).expect(200);

    // The app's clock started at the real time when the file began, a little behind Date.now().
    api.advance(3_600_000 + 5 * 60_000);
    for (const token of [minter.token, child.token]) {
      const expired = await script.get('/api/accounts').set('Authorization', `Bearer ${token}`).expect(401);
      expect(expired.body.error.message).toContain('expired');
    }
    // A token made without an expiry still works.
    const forever = (await owner.post('/api/tokens').send({ name: 'forever' }).expect(201)).body;
    await script.get('/api/accounts').set('Authorization', `Bearer ${forever.token}`).expect(200);
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
