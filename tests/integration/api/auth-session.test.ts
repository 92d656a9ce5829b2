import request from 'supertest';
import { PASSWORD_MIN_LENGTH, PASSWORD_RULE } from '../../../engine/auth/password-rule';
import { createUserWithWorkspace } from '../../../engine/auth/service';
import { logIn, OWNER, setupOwner, startTestApi, TestApi } from '../../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.drop());

describe('first-run setup and sessions', () => {
  it('tells a fresh install that setup is needed, and says nobody is logged in', async () => {
    expect((await request(api.app).get('/api/setup').expect(200)).body).toEqual({ needed: true });
    const response = await request(api.app).get('/api/session').expect(401);
    expect(response.body.error).toMatchObject({ code: 'unauthenticated', details: { setupRequired: true } });
  });

  it('creates the owner once, logs them in with a safe cookie, and refuses a second setup', async () => {
    const agent = request.agent(api.app);
    const first = await agent
      .post('/api/setup')
      .send({ ...OWNER, timezone: 'Europe/Berlin' })
      .expect(201);
    expect(first.body).toMatchObject({ user: { email: OWNER.email }, workspace: { name: 'Acme', timezone: 'Europe/Berlin' } });
    expect(first.body.csrfToken).toEqual(expect.any(String));
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/tributary_session=[A-Za-z0-9_-]{43}/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);

    const session = await agent.get('/api/session').expect(200);
    expect(session.body).toMatchObject({ user: { email: OWNER.email }, csrfToken: first.body.csrfToken });

    const again = await request(api.app)
      .post('/api/setup')
      .send({ ...OWNER, email: 'second@example.com' })
      .expect(409);
    expect(again.body.error.code).toBe('setup_done');
    expect(await api.database.db('users').count('* as n').first()).toEqual({ n: 1 });
  });

  it('stores only a scrypt hash of the password and a sha256 of the session token', async () => {
    const user = await api.database.db('users').first();
    expect(user.password_hash).toMatch(/^scrypt\$/);
    expect(user.password_hash).not.toContain(OWNER.password);
    const session = await api.database.db('sessions').first();
    expect(session.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('logs in with the right password (email case does not matter) and out again', async () => {
    const browser = await logIn(api.app, { email: 'OWNER@example.com', password: OWNER.password });
    await browser.get('/api/session').expect(200);
    await browser.post('/api/logout').expect(204);
    await browser.get('/api/session').expect(401);
  });

  it('refuses a wrong password without saying whether the email exists', async () => {
    const wrong = await request(api.app)
      .post('/api/login')
      .send({ email: OWNER.email, password: 'not the password' })
      .expect(401);
    const unknown = await request(api.app)
      .post('/api/login')
      .send({ email: 'nobody@example.com', password: 'whatever123' })
      .expect(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('slows down guessing: the sixth attempt in 15 minutes is answered 429 with Retry-After, even with the right password', async () => {
    const email = 'guessed@example.com';
    const password = 'the real password';
    await createUserWithWorkspace({ db: api.database.db, email, password, workspaceName: 'Guessed' });
    for (let attempt = 0; attempt < 5; attempt++) {
      await request(api.app)
        .post('/api/login')
        .send({ email, password: `guess number ${attempt}` })
        .expect(401);
      api.advance(10_000);
    }
    const blocked = await request(api.app).post('/api/login').send({ email, password }).expect(429);
    expect(blocked.body.error.code).toBe('too_many_requests');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The owner, guessed at by nobody, is not locked out.
    await request(api.app).post('/api/login').send({ email: OWNER.email, password: OWNER.password }).expect(200);

    api.advance(retryAfter * 1000);
    await request(api.app).post('/api/login').send({ email, password }).expect(200);
  });

  it('rejects a cookie-authenticated change without the CSRF header, and accepts it with the header', async () => {
    const browser = await logIn(api.app, { email: OWNER.email, password: OWNER.password });
    const refused = await browser.agent.post('/api/tokens').send({ name: 'ci' }).expect(403);
    expect(refused.body.error.code).toBe('csrf_failed');
    await browser.agent.post('/api/tokens').set('X-CSRF-Token', 'forged').send({ name: 'ci' }).expect(403);
    expect(await api.database.db('api_tokens').count('* as n').first()).toEqual({ n: 0 });
    await browser.post('/api/tokens').send({ name: 'ci' }).expect(201);
  });

  it('rejects setup with a time zone that does not exist, creating nothing', async () => {
    const fresh = await startTestApi();
    try {
      const response = await request(fresh.app)
        .post('/api/setup')
        .send({ ...OWNER, timezone: 'Mars/Olympus' })
        .expect(400);
      expect(response.body.error.details.fields).toEqual([{ field: 'timezone', message: expect.stringContaining('IANA') }]);
      expect(await fresh.database.db('users').count('* as n').first()).toEqual({ n: 0 });
      await setupOwner(fresh.app);
    } finally {
      await fresh.drop();
    }
  });
});

describe('the password rule', () => {
  it('refuses 11 characters and accepts 12, the length the setup page names', async () => {
    const fresh = await startTestApi();
    try {
      const short = await request(fresh.app)
        .post('/api/setup')
        .send({ ...OWNER, password: 'elevenchars' })
        .expect(400);
      expect(short.body.error.details.fields).toEqual([
        { field: 'password', message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` },
      ]);
      expect(PASSWORD_RULE).toBe('At least 12 characters.');
      await request(fresh.app)
        .post('/api/setup')
        .send({ ...OWNER, password: 'twelve chars' })
        .expect(201);
    } finally {
      await fresh.drop();
    }
  });

  it('says an empty field "is required", never "must be at least 1 characters long"', async () => {
    const fresh = await startTestApi();
    try {
      const response = await request(fresh.app)
        .post('/api/setup')
        .send({ ...OWNER, workspaceName: '' })
        .expect(400);
      expect(response.body.error.details.fields).toEqual([{ field: 'workspaceName', message: 'is required' }]);
    } finally {
      await fresh.drop();
    }
  });
});

describe('several workspaces per user', () => {
  it('switches the session to another of the user’s workspaces, and not to someone else’s', async () => {
    const db = api.database.db;
    const user = await db('users').whereRaw('lower(email) = ?', [OWNER.email]).first();
    const [second] = await db('workspaces').insert({ name: 'Second' }).returning('id');
    await db('workspace_members').insert({ workspace_id: second.id, user_id: user.id });
    const [foreign] = await db('workspaces').insert({ name: 'Foreign' }).returning('id');

    const browser = await logIn(api.app, { email: OWNER.email, password: OWNER.password });
    const switched = await browser.post('/api/session/workspace').send({ workspaceId: second.id }).expect(200);
    expect(switched.body.workspace.name).toBe('Second');
    expect((await browser.get('/api/session')).body.workspace.id).toBe(second.id);
    await browser.post('/api/session/workspace').send({ workspaceId: foreign.id }).expect(404);
    expect((await browser.get('/api/session')).body.workspace.id).toBe(second.id);
  });
});
