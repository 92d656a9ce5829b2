// /metrics over real HTTP, scraped as Prometheus would: the queue's figures and the
// process's counters move with what a run and the scheduler do.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, LoggedIn, setupOwner, startTestApi, testConfig, TestApi } from '../../support/api';
import { createApp } from '../../../ui-api/app';
import { createLogger } from '../../../engine/log/logger';

const TOKEN = 'metrics-token-for-tests-0123456789';
let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let server: http.Server;
let base: string;
let stripeAccount: string;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url, metricsToken: TOKEN } });
  owner = await setupOwner(api.app);
  stripeAccount = await addAccount(owner, 'stripe', 'Test', { secretKey: 'sk_test_metrics12345678' });
  server = http.createServer(api.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await api.drop();
  await stripe.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** One sample's value; 0 when the series has not appeared yet (a counter never incremented). */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const connection = (name: string, schedule: object) => ({
  name,
  source: { connector: 'webhook', trigger: 'new-payload', options: {} },
  destination: { connector: 'stripe', action: 'create-customer', account: stripeAccount, options: { onExistingEmail: 'create' } },
  mapping: { email: '{{email}}' },
  schedule,
  enabled: true,
});

describe('GET /metrics', () => {
  it('is refused without the token, and is off when no token is configured', async () => {
    const without = await fetch(`${base}/metrics`);
    expect(without.status).toBe(401);
    expect(await without.text()).toMatch(/Authorization: Bearer/);
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);

    const unconfigured = createApp({
      db: api.database.db,
      config: testConfig(),
      logger: createLogger({ level: 'silent' }),
      engine: api.engine,
    });
    const off = await request(unconfigured).get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(404);
    expect(off.text).toMatch(/Metrics are off\. Set TRIBUTARY_METRICS_TOKEN/);
  });

  it('counts queued runs, queue lag, items sent and failed, and Stripe 429s as a run goes through', async () => {
    const before = await scrape();
    expect(sample(before, 'tributary_runs', 'status="queued"')).toBe(0);
    expect(sample(before, 'tributary_queue_lag_seconds')).toBe(0);

    const { id, webhookUrl } = (
      await owner
        .post('/api/connections')
        .send(connection('Orders', { type: 'interval', minutes: 60 }))
        .expect(201)
    ).body;
    for (const email of ['ann@example.com', 'bob@example.com', 'not an email']) {
      await request(api.app).post(new URL(webhookUrl).pathname).send({ email }).expect(200);
    }
    await owner.post(`/api/connections/${id}/run`).expect(202);
    const queued = await scrape();
    expect(sample(queued, 'tributary_runs', 'status="queued"')).toBe(1);
    // The lag is the waiting run's age by the database's clock: it grows while no worker takes it.
    const lag = sample(queued, 'tributary_queue_lag_seconds');
    expect(lag).toBeGreaterThan(0);
    let later = lag;
    while (later <= lag) later = sample(await scrape(), 'tributary_queue_lag_seconds');

    // Stripe answers the first two creates with 429; the engine waits and tries again.
    stripe.faults.failNext({ method: 'POST', path: '/v1/customers' }, { kind: 'rate-limit', retryAfterSeconds: 0 }, 2);
    await api.engine.worker.drain();
    const after = await scrape();
    expect(sample(after, 'tributary_runs', 'status="queued"')).toBe(0);
    expect(sample(after, 'tributary_runs', 'status="running"')).toBe(0);
    expect(sample(after, 'tributary_queue_lag_seconds')).toBe(0);
    const sent = (text: string) => sample(text, 'tributary_items_total', 'connector="stripe",status="sent"');
    const failed = (text: string) => sample(text, 'tributary_items_total', 'connector="stripe",status="failed"');
    expect(sent(after) - sent(before)).toBe(2);
    expect(failed(after) - failed(before)).toBe(1);
    const throttled = (text: string) => sample(text, 'tributary_destination_throttled_total', 'connector="stripe"');
    expect(throttled(after) - throttled(before)).toBe(2);
  });

  it('shows a connection overdue while no scheduler runs, and the lateness of the run it then queues', async () => {
    await owner
      .post('/api/connections')
      .send(connection('Every 5 minutes', { type: 'interval', minutes: 5 }))
      .expect(201);
    const before = await scrape();
    expect(sample(before, 'tributary_scheduler_overdue_seconds')).toBe(0);

    api.advance(5.5 * 60_000);
    const overdue = await scrape();
    expect(sample(overdue, 'tributary_scheduler_overdue_seconds')).toBeGreaterThanOrEqual(25);

    const tick = await api.engine.scheduler.tick();
    expect(tick.enqueued).toBeGreaterThanOrEqual(1);
    const queued = await scrape();
    expect(sample(queued, 'tributary_scheduler_overdue_seconds')).toBe(0);
    expect(sample(queued, 'tributary_runs', 'status="queued"')).toBe(tick.enqueued);
    const lateness = (text: string) => sample(text, 'tributary_scheduler_lateness_seconds_count');
    expect(lateness(queued) - lateness(before)).toBe(tick.enqueued);
    // Queued about 30 s late: counted in the 60 s bucket, not in the 15 s one.
    expect(sample(queued, 'tributary_scheduler_lateness_seconds_bucket', 'le="60"')).toBeGreaterThan(
      sample(queued, 'tributary_scheduler_lateness_seconds_bucket', 'le="15"'),
    );
  });
});
