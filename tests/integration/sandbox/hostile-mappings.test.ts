// Issue 11, item 1: one mapping expression used to hang the whole server (API, hooks,
// scheduler, worker) and again after a restart. Here the real product runs in its own
// process and is driven over real HTTP; each test has its own timeout, so a server that
// hangs fails these tests instead of hanging Jest.
import request from 'supertest';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { HOSTILE, NEVER_ENDS } from '../../support/hostile-expressions';
import { waitFor } from '../multi-process/processes';
import { startProduct, type ProductProcess } from './product';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery', workspaceName: 'Acme' };
const STOPPED = /^name: the expression (took longer than 1 s|used more than 128 MB of memory) and was stopped$/;
// Ten hostile previews queue for two sandbox processes, one deadline each: the last waits a while.
const REQUEST_TIMEOUT_MS = 45_000;

let stripe: StripeEmulator;
let database: TestDatabase;
let product: ProductProcess;
let owner: { agent: request.Agent; csrf: string };
let stripeAccount: string;
let connectionId: string;

const post = (path: string) => owner.agent.post(path).set('X-CSRF-Token', owner.csrf).timeout(REQUEST_TIMEOUT_MS);
const get = (path: string) => owner.agent.get(path).timeout(REQUEST_TIMEOUT_MS);

const hostileName = (expression: string) => ({ email: '{{email}}', name: `{{ ${expression} }}` });

function connectionDocument(name: string, mapping: Record<string, string>, instant = false) {
  return {
    name,
    source: { connector: 'webhook', trigger: 'new-payload', options: { instant } },
    destination: {
      connector: 'stripe',
      action: 'create-customer',
      account: stripeAccount,
      options: { onExistingEmail: 'create' },
    },
    mapping,
    schedule: { type: 'interval', minutes: 60 },
    enabled: true,
  };
}

/** Milliseconds /api/health takes to answer (it fails the test if it does not answer in 5 s). */
async function timeHealth(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${product.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
  expect(response.status).toBe(200);
  return performance.now() - started;
}

beforeAll(async () => {
  stripe = await startStripeEmulator();
  database = await createTestDatabase();
  product = await startProduct({ databaseUrl: database.url, stripeApiBase: stripe.url });
  const agent = request.agent(product.url);
  const setup = await agent.post('/api/setup').send(OWNER).expect(201);
  owner = { agent, csrf: setup.body.csrfToken };
  stripeAccount = (
    await post('/api/accounts')
      .send({ connector: 'stripe', name: 'Test', credentials: { secretKey: 'sk_test_sandbox12345678' } })
      .expect(201)
  ).body.id;
  connectionId = (
    await post('/api/connections')
      .send(connectionDocument('Signups', { email: '{{email}}' }))
      .expect(201)
  ).body.id;
}, 90_000);

afterAll(async () => {
  await product?.stop();
  await database?.drop();
  await stripe?.close();
}, 30_000);

describe('a hostile mapping expression', () => {
  it.each(HOSTILE)(
    'in a preview (%s) fails each sample item with an error naming the field, and the server goes on answering',
    async (_name, expression) => {
      const preview = await post(`/api/connections/${connectionId}/preview`)
        .send({ mapping: hostileName(expression) })
        .expect(200);
      expect(preview.body.items.length).toBeGreaterThan(0);
      for (const item of preview.body.items) {
        expect(item.input).toBeNull();
        expect(item.errors).toEqual([expect.objectContaining({ field: 'name', message: expect.stringMatching(STOPPED) })]);
      }
      await timeHealth();
    },
    30_000,
  );

  it('leaves /api/health answering in well under a second while 10 hostile previews run', async () => {
    const baseline = [await timeHealth(), await timeHealth(), await timeHealth()];
    let answered = 0;
    const previews = Array.from({ length: 10 }, () =>
      post(`/api/connections/${connectionId}/preview`)
        .send({ mapping: hostileName(NEVER_ENDS) })
        .then((response) => {
          answered += 1;
          return response;
        }),
    );
    const during: number[] = [];
    // Two sandbox processes take 10 one-second deadlines: previews are still waiting for a while.
    for (let sample = 0; sample < 5 && answered < 10; sample += 1) {
      during.push(await timeHealth());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answered).toBeLessThan(10);
    // Generous on purpose (shared, noisy machines): a blocked server would not answer at all,
    // and every sample above did answer within its 5 s.
    expect(median(during)).toBeLessThan(Math.max(1000, 5 * median(baseline)));

    for (const preview of await Promise.all(previews)) {
      expect(preview.status).toBe(200);
      expect(preview.body.items[0].errors).toEqual([
        expect.objectContaining({ field: 'name', message: expect.stringMatching(STOPPED) }),
      ]);
    }
  }, 90_000);

  it('in a test send fails with the field’s error and sends nothing to Stripe', async () => {
    await owner.agent
      .put(`/api/connections/${connectionId}`)
      .set('X-CSRF-Token', owner.csrf)
      .send(connectionDocument('Signups', hostileName(NEVER_ENDS)))
      .expect(200);
    const sent = await post(`/api/connections/${connectionId}/test-send`).send({}).expect(400);
    expect(sent.body.error.details.fields).toEqual([
      { field: 'mapping.name', message: 'name: the expression took longer than 1 s and was stopped' },
    ]);
    expect(stripe.list('customer')).toEqual([]);
  }, 30_000);

  it('in an instant webhook connection fails the item of each post, each run finishes, and other connections keep running', async () => {
    const hostile = (
      await post('/api/connections')
        .send(connectionDocument('Hostile', hostileName(NEVER_ENDS), true))
        .expect(201)
    ).body;
    const benign = (
      await post('/api/connections')
        .send(connectionDocument('Benign', { email: '{{email}}', name: '{{ $uppercase(name) }}' }, true))
        .expect(201)
    ).body;
    const finishedRuns = async () =>
      ((await get(`/api/connections/${hostile.id}/runs`).expect(200)).body.runs as Array<Record<string, unknown>>).filter(
        (run) => run.finishedAt,
      );

    // The hooks take no login: anyone who knows the URL can post, and each post starts a run.
    for (const [count, name] of [
      [1, 'Ann'],
      [2, 'Bob'],
    ] as const) {
      await request(hostile.webhookUrl)
        .post('')
        .send({ email: `${name}@example.com`, name })
        .expect(200);
      const runs = await waitFor(`run ${count} of the hostile connection to finish`, async () => {
        const finished = await finishedRuns();
        return finished.length === count ? finished : undefined;
      });
      expect(runs[0]).toMatchObject({ itemsTotal: 1, itemsFailed: 1, itemsSent: 0, error: null });
      const items = (await get(`/api/runs/${runs[0]!.id}/items`).expect(200)).body.items;
      expect(items).toEqual([
        expect.objectContaining({
          status: 'failed',
          source: { email: `${name}@example.com`, name },
          error: expect.objectContaining({ message: 'name: the expression took longer than 1 s and was stopped' }),
        }),
      ]);
    }

    await request(benign.webhookUrl).post('').send({ email: 'dee@example.com', name: 'Dee' }).expect(200);
    await waitFor('the benign connection’s customer in Stripe', async () =>
      stripe.list('customer').some((customer) => customer.name === 'DEE') ? true : undefined,
    );
    await timeHealth();
  }, 60_000);

  it('does not stop the server from shutting down on SIGTERM, and leaves no sandbox process behind', async () => {
    const previews = [1, 2, 3].map(() =>
      post(`/api/connections/${connectionId}/preview`)
        .send({ mapping: hostileName(NEVER_ENDS) })
        .catch(() => undefined),
    );
    // The previews are at work once a sandbox process runs (a server that evaluates in its own
    // event loop has none: it is given a moment, then the signal all the same).
    const sandboxes = await waitFor(
      'a sandbox process at work',
      async () => {
        const children = product.children();
        return children.length > 0 ? children : undefined;
      },
      5_000,
    ).catch(() => [] as number[]);
    product.signal('SIGTERM');
    const exit = await Promise.race([
      product.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running 15 s after SIGTERM'), 15_000)),
    ]);
    expect(exit).toEqual({ code: 0, signal: null });
    await Promise.all(previews);
    expect(sandboxes.length).toBeGreaterThan(0);
    await waitFor('the sandbox processes to be gone', async () => (sandboxes.every((pid) => !isAlive(pid)) ? true : undefined));
  }, 40_000);
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
