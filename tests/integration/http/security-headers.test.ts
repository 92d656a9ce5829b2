import request from 'supertest';
import { setupOwner, startTestApi, TestApi } from '../../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.drop();
});

test('every /api answer (success, error, the new-token secret) says no-store and nosniff', async () => {
  const owner = await setupOwner(api.app);
  const answers = [
    await request(api.app).get('/api/health'),
    await request(api.app).get('/api/session'),
    await owner.post('/api/tokens').send({ name: 'deploy' }),
    await owner.get('/api/connections'),
    await request(api.app).get('/api/no-such-route'),
    await owner.post('/api/tokens').set('Content-Type', 'application/json').send('{"name":'),
    await request(api.app).post('/hooks/unknown-token').send({}),
  ];

  expect(answers.map((a) => a.status)).toEqual([200, 401, 201, 200, 404, 400, 404]);
  for (const answer of answers) {
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  }
});
