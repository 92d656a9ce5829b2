// What a load balancer asks: /api/health (the process answers) and /api/ready (the
// database answers and every migration this version ships is applied).
import request from 'supertest';
import { createApp } from '../../../ui-api/app';
import { createLogger } from '../../../engine/log/logger';
import { connect } from '../../../engine/store/db';
import { startTestApi, testConfig, TestApi } from '../../support/api';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.drop();
});

describe('GET /api/ready', () => {
  it('is ready on a migrated database, and 503 naming the migration while one is pending', async () => {
    await request(api.app).get('/api/health').expect(200);
    expect((await request(api.app).get('/api/ready').expect(200)).body).toEqual({
      status: 'ready',
      database: { status: 'ok' },
      migrations: { status: 'applied' },
    });

    // As if this version shipped a migration the database has not had yet.
    const db = api.database.db;
    const [last] = (await db('knex_migrations').orderBy('id', 'desc').limit(1)) as Array<Record<string, unknown>>;
    await db('knex_migrations').where({ id: last!.id }).delete();
    try {
      expect((await request(api.app).get('/api/ready').expect(503)).body).toEqual({
        status: 'unavailable',
        database: { status: 'ok' },
        migrations: { status: 'pending', pending: [last!.name] },
      });
    } finally {
      await db('knex_migrations').insert(last!);
    }
    await request(api.app).get('/api/ready').expect(200);
  });

  it('is 503 saying the database is unreachable when PostgreSQL does not answer', async () => {
    const nowhere = connect('postgres://tributary:secret-password@127.0.0.1:9/tributary', { poolMax: 1 });
    try {
      const app = createApp({ db: nowhere, config: testConfig(), logger: createLogger({ level: 'silent' }), engine: api.engine });
      const answer = await request(app).get('/api/ready').expect(503);
      expect(answer.body).toMatchObject({ status: 'unavailable', database: { status: 'unreachable' } });
      expect(answer.body.database.message).toMatch(/ECONNREFUSED/);
      expect(JSON.stringify(answer.body)).not.toContain('secret-password');
    } finally {
      await nowhere.destroy();
    }
  });
});
