import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createUserWithWorkspace } from '../../../engine/auth/service';
import { DEFAULT_SECURITY } from '../../../engine/config/security';
import { startTestApi, TestApi } from '../../support/api';

const PASSWORD = 'the real password';

async function withServer<T>(api: TestApi, use: (base: string) => Promise<T>): Promise<T> {
  const server = http.createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('with no proxy configured (the default)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.drop();
  });

  test('200 wrong passwords sent at once: five are checked, 195 are refused with 429', async () => {
    const email = 'target@example.com';
    await createUserWithWorkspace({ db: api.database.db, email, password: PASSWORD, workspaceName: 'Target' });
    const statuses = await withServer(api, (base) =>
      Promise.all(
        Array.from({ length: 200 }, (_, n) =>
          fetch(`${base}/api/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: `guess ${n}` }),
          }).then((response) => response.status),
        ),
      ),
    );
    const count = (status: number) => statuses.filter((s) => s === status).length;
    expect({ checked: count(401), refused: count(429) }).toEqual({ checked: 5, refused: 195 });
    // Locked even for the right password.
    await request(api.app).post('/api/login').send({ email, password: PASSWORD }).expect(429);
  });

  test('a new X-Forwarded-For on every guess does not escape the lockout', async () => {
    const email = 'rotated@example.com';
    await createUserWithWorkspace({ db: api.database.db, email, password: PASSWORD, workspaceName: 'Rotated' });
    const attempt = (password: string, n: number) =>
      request(api.app).post('/api/login').set('X-Forwarded-For', `198.51.100.${n}`).send({ email, password });
    for (let n = 1; n <= 5; n++) await attempt(`guess ${n}`, n).expect(401);
    await attempt(PASSWORD, 6).expect(429);
  });
});

describe('behind a proxy named in TRIBUTARY_TRUST_PROXY', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ config: { security: { ...DEFAULT_SECURITY, trustProxy: ['loopback'] } } });
  });
  afterAll(async () => {
    await api.drop();
  });

  test('the forwarded address is the client: one guesser is locked out, another client of the proxy is not', async () => {
    const email = 'shared@example.com';
    await createUserWithWorkspace({ db: api.database.db, email, password: PASSWORD, workspaceName: 'Shared' });
    const from = (client: string, password: string) =>
      request(api.app).post('/api/login').set('X-Forwarded-For', client).send({ email, password });
    for (let n = 1; n <= 5; n++) await from('203.0.113.5', `guess ${n}`).expect(401);
    await from('203.0.113.5', PASSWORD).expect(429);
    await from('203.0.113.6', PASSWORD).expect(200);
  });
});
