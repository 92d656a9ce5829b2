// Two people and a viewer through the API: the owner invites an editor and a viewer; the
// editor builds and runs a connection but never sees credentials or members; the viewer
// reads the run log and cannot run. The engine's services refuse the same on their own.
import request from 'supertest';
import { createConnection } from '../../../engine/connections/service';
import { runByHand } from '../../../engine/runs/service';
import type { Actor } from '../../../engine/teams/actor';
import { ServiceError } from '../../../engine/workspaces/service-error';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, setupOwner, startTestApi, type LoggedIn, type TestApi } from '../../support/api';
import { inviteAndJoin, tokenOf } from '../../support/team';

// Every person added hashes a password (scrypt, ~50 ms alone): give a busy machine room.
jest.setTimeout(180_000);

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
let editor: LoggedIn;
let viewer: LoggedIn;
let stripeAccount: string;

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url, publicUrl: 'https://tributary.example.com' } });
  owner = await setupOwner(api.app);
  stripeAccount = await addAccount(owner, 'stripe', 'Live Stripe', { secretKey: 'sk_test_teamWalk12345678' });
  editor = await inviteAndJoin(api.app, owner, 'editor@example.com', 'editor');
  viewer = await inviteAndJoin(api.app, owner, 'viewer@example.com', 'viewer');
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});

let connectionId: string;
let runId: string;

describe('an owner, an editor and a viewer', () => {
  it('the session says each person’s role, so the wizard can hide what they cannot do', async () => {
    expect((await editor.get('/api/session')).body.workspace.role).toBe('editor');
    expect((await viewer.get('/api/session')).body.workspace.role).toBe('viewer');
  });

  it('the editor picks the Stripe account by name but sees no credential hint, and cannot add accounts or see members', async () => {
    const accounts = (await editor.get('/api/accounts').expect(200)).body.accounts;
    expect(accounts).toEqual([expect.objectContaining({ id: stripeAccount, name: 'Live Stripe', hint: '' })]);
    expect(JSON.stringify(accounts)).not.toContain('5678');
    expect((await owner.get('/api/accounts')).body.accounts[0].hint).toContain('5678');
    const add = await editor
      .post('/api/accounts')
      .send({ connector: 'stripe', name: 'Mine', credentials: { secretKey: 'sk_test_editorsOwn1234567' } })
      .expect(403);
    expect(add.body.error.details.requiredRole).toBe('admin');
    await editor.del(`/api/accounts/${stripeAccount}`).expect(403);
    await editor.get('/api/members').expect(403);
    await editor.post('/api/invitations').send({ email: 'x@example.com', role: 'viewer' }).expect(403);
  });

  it('the editor builds, enables and runs a connection, and its payloads reach Stripe', async () => {
    const created = await editor
      .post('/api/connections')
      .send({
        name: 'Signups -> Stripe',
        source: { connector: 'webhook', trigger: 'new-payload', options: {} },
        destination: {
          connector: 'stripe',
          action: 'create-customer',
          account: stripeAccount,
          options: { onExistingEmail: 'create' },
        },
        mapping: { email: '{{email}}' },
        schedule: { type: 'interval', minutes: 5 },
        enabled: false,
      })
      .expect(201);
    connectionId = created.body.id;
    await request(api.app).post(new URL(created.body.webhookUrl).pathname).send({ email: 'ann@example.com' }).expect(200);
    await editor.post(`/api/connections/${connectionId}/enable`).expect(200);
    const queued = await editor.post(`/api/connections/${connectionId}/run`).expect(202);
    runId = queued.body.id;
    await api.engine.worker.drain();
    expect((await editor.get(`/api/runs/${runId}`).expect(200)).body).toMatchObject({ status: 'succeeded', itemsSent: 1 });
  });

  it('the viewer reads the connection and its run log but cannot run, change or preview it, nor see accounts', async () => {
    expect((await viewer.get('/api/connections').expect(200)).body.connections).toHaveLength(1);
    expect((await viewer.get(`/api/connections/${connectionId}/runs`).expect(200)).body.runs[0].id).toBe(runId);
    const items = (await viewer.get(`/api/runs/${runId}/items`).expect(200)).body.items;
    expect(items).toEqual([expect.objectContaining({ status: 'sent', destinationObjectId: expect.stringMatching(/^cus_/) })]);

    const run = await viewer.post(`/api/connections/${connectionId}/run`).expect(403);
    expect(run.body.error).toMatchObject({ code: 'forbidden', details: { requiredRole: 'editor', yourRole: 'viewer' } });
    await viewer.post(`/api/connections/${connectionId}/disable`).expect(403);
    await viewer.post(`/api/connections/${connectionId}/preview`).send({}).expect(403);
    await viewer.post(`/api/runs/${runId}/retry-failed`).expect(403);
    await viewer.get('/api/accounts').expect(403);
    expect((await api.database.db('runs').where({ connection_id: connectionId })).length).toBe(1);
  });

  it('an API token carries its user’s role or a narrower one, never a wider one', async () => {
    const narrow = await tokenOf(editor, 'viewer');
    await request(api.app).get(`/api/runs/${runId}`).set('Authorization', `Bearer ${narrow}`).expect(200);
    const refused = await request(api.app)
      .post(`/api/connections/${connectionId}/run`)
      .set('Authorization', `Bearer ${narrow}`)
      .expect(403);
    expect(refused.body.error.details.yourRole).toBe('viewer');
    const wider = await viewer.post('/api/tokens').send({ name: 'sneaky', role: 'editor' }).expect(400);
    expect(wider.body.error.details.fields).toEqual([{ field: 'role', message: 'must be viewer or narrower' }]);
  });

  it('the engine’s services refuse a viewer on their own, whatever route (or none) calls them', async () => {
    const session = (await viewer.get('/api/session')).body;
    const actor: Actor = {
      userId: session.user.id,
      workspaceId: session.workspace.id,
      role: 'viewer',
      via: 'session',
      tokenId: null,
    };
    const refusal = expect.objectContaining({ code: 'forbidden', details: expect.objectContaining({ requiredRole: 'editor' }) });
    await expect(runByHand({ db: api.database.db, actor, connectionId })).rejects.toEqual(refusal);
    await expect(
      createConnection({
        deps: api.engine.connections,
        actor,
        document: { name: 'x', source: { connector: 'webhook', trigger: 'new-payload', options: {} } },
      }),
    ).rejects.toBeInstanceOf(ServiceError);
    expect((await api.database.db('runs').where({ connection_id: connectionId })).length).toBe(1);
  });
});
