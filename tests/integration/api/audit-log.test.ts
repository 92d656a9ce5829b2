// The audit log: who (person or API token) did what to which connection, account or
// member, when, in words that never carry a secret; paged newest first.
import request from 'supertest';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { setupOwner, startTestApi, type LoggedIn, type TestApi } from '../../support/api';
import { inviteAndJoin, linkToken, tokenOf } from '../../support/team';

// Every person added hashes a password (scrypt, ~50 ms alone): give a busy machine room.
jest.setTimeout(180_000);

const STRIPE_KEY = 'sk_test_auditTrail99887766';
const HOOK_SECRET = 'a-webhook-secret-of-some-length';

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let editor: LoggedIn;
let inviteToken: string;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url } });
  owner = await setupOwner(api.app);
  const account = await owner
    .post('/api/accounts')
    .send({ connector: 'stripe', name: 'Billing', credentials: { secretKey: STRIPE_KEY } })
    .expect(201);
  inviteToken = linkToken((await owner.post('/api/invitations').send({ email: 'later@example.com', role: 'viewer' })).body.path);
  editor = await inviteAndJoin(api.app, owner, 'ed@example.com', 'editor');

  const document = {
    name: 'Orders',
    source: { connector: 'webhook', trigger: 'new-payload', options: { protection: 'hmac-sha256', secret: HOOK_SECRET } },
    destination: { connector: 'stripe', action: 'create-customer', account: account.body.id, options: {} },
    mapping: { email: '{{email}}' },
    enabled: false,
  };
  const created = await editor.post('/api/connections').send(document).expect(201);
  await editor
    .put(`/api/connections/${created.body.id}`)
    .send({ ...document, name: 'Paid orders', mapping: { email: '{{customer.email}}' } })
    .expect(200);
  await editor.post(`/api/connections/${created.body.id}/enable`).expect(200);
  const script = await tokenOf(editor);
  await request(api.app).post(`/api/connections/${created.body.id}/run`).set('Authorization', `Bearer ${script}`).expect(202);
  await api.engine.worker.drain();
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});

interface Event {
  action: string;
  actor: { email: string; via: string; tokenName: string | null };
  target: { type: string; name: string };
  summary: string;
  at: string;
}

async function allEvents(limit: number): Promise<Event[]> {
  const events: Event[] = [];
  let cursor: string | null = null;
  do {
    const page: request.Response = await owner.get(`/api/audit?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
    events.push(...page.body.events);
    cursor = page.body.nextCursor;
  } while (cursor);
  return events;
}

describe('the audit log', () => {
  it('says who did what to which thing, newest first, with a summary of the change', async () => {
    const events = await allEvents(50);
    expect(events.map((event) => [event.action, event.actor.email, event.target.name])).toEqual([
      ['connection.run', 'ed@example.com', 'Paid orders'],
      ['connection.enabled', 'ed@example.com', 'Paid orders'],
      ['connection.changed', 'ed@example.com', 'Paid orders'],
      ['connection.created', 'ed@example.com', 'Orders'],
      ['member.joined', 'ed@example.com', 'ed@example.com'],
      ['member.invited', 'owner@example.com', 'ed@example.com'],
      ['member.invited', 'owner@example.com', 'later@example.com'],
      ['account.created', 'owner@example.com', 'Billing'],
    ]);
    expect(events[0]!.actor).toMatchObject({ via: 'token', tokenName: 'token own role' });
    expect(events[1]!.actor).toMatchObject({ via: 'session', tokenName: null });
    expect(events[2]!.summary).toBe('Renamed "Orders" to "Paid orders"; changed mapping.');
    expect(events[1]!.summary).toBe('Turned auto-update on.');
  });

  it('never carries a credential, a webhook secret or a link token', async () => {
    const text = JSON.stringify(await allEvents(50)) + JSON.stringify(await api.database.db('audit_events'));
    for (const secret of [STRIPE_KEY, STRIPE_KEY.slice(-4), HOOK_SECRET, inviteToken]) expect(text).not.toContain(secret);
  });

  it('pages by limit and cursor without repeating or skipping an event', async () => {
    const whole = await allEvents(50);
    const paged = await allEvents(3);
    expect(paged).toEqual(whole);
    const bad = await owner.get('/api/audit?cursor=bm90LWEtY3Vyc29y').expect(400);
    expect(bad.body.error.details.fields).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('records removals, and is for owners and admins only', async () => {
    const members = (await owner.get('/api/members')).body.members as Array<{ userId: string; email: string }>;
    await owner.del(`/api/members/${members.find((m) => m.email === 'ed@example.com')!.userId}`).expect(204);
    const [latest] = await allEvents(1);
    expect(latest).toMatchObject({ action: 'member.removed', target: { name: 'ed@example.com' } });
    expect(latest!.summary).toMatch(/sessions and API tokens here stopped working/);
    const viewer = await inviteAndJoin(api.app, owner, 'v@example.com', 'viewer');
    expect((await viewer.get('/api/audit').expect(403)).body.error.details.requiredRole).toBe('admin');
  });
});
