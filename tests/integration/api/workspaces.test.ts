// Several workspaces per person: start one, switch, rename, and delete one (owner only,
// typing its name) with everything in it.
import request from 'supertest';
import { setupOwner, startTestApi, type LoggedIn, type TestApi } from '../../support/api';
import { inviteAndJoin, tokenOf } from '../../support/team';

// Every person added hashes a password (scrypt, ~50 ms alone): give a busy machine room.
jest.setTimeout(180_000);

let api: TestApi;
let owner: LoggedIn;

beforeAll(async () => {
  api = await startTestApi();
  owner = await setupOwner(api.app);
});
afterAll(() => api.drop());

const webhookDraft = (name: string) => ({ name, source: { connector: 'webhook', trigger: 'new-payload', options: {} } });

describe('workspaces', () => {
  it('a person starts a second workspace, owns it, and switches between the two with separate connections', async () => {
    await owner.post('/api/connections').send(webhookDraft('In Acme')).expect(201);
    const side = await owner.post('/api/workspaces').send({ name: 'Side project', timezone: 'Europe/Berlin' }).expect(201);
    expect(side.body).toMatchObject({ name: 'Side project', timezone: 'Europe/Berlin', role: 'owner' });
    const switched = await owner.post('/api/session/workspace').send({ workspaceId: side.body.id }).expect(200);
    expect(switched.body.workspace).toMatchObject({ id: side.body.id, role: 'owner' });
    expect(switched.body.workspaces.map((w: { name: string }) => w.name)).toEqual(['Acme', 'Side project']);
    expect((await owner.get('/api/connections')).body.connections).toEqual([]);
    await owner.post('/api/session/workspace').send({ workspaceId: owner.workspaceId }).expect(200);
    expect((await owner.get('/api/connections')).body.connections).toHaveLength(1);
  });

  it('an admin renames the workspace and changes its time zone; an editor may not', async () => {
    const admin = await inviteAndJoin(api.app, owner, 'admin@example.com', 'admin');
    const editor = await inviteAndJoin(api.app, owner, 'editor@example.com', 'editor');
    const renamed = await admin.patch('/api/workspace').send({ name: 'Acme Inc', timezone: 'America/New_York' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Acme Inc', timezone: 'America/New_York' });
    expect((await owner.get('/api/session')).body.workspace.name).toBe('Acme Inc');
    expect((await editor.patch('/api/workspace').send({ name: 'Mine' }).expect(403)).body.error.details.requiredRole).toBe(
      'admin',
    );
    const zone = await admin.patch('/api/workspace').send({ timezone: 'Mars/Olympus' }).expect(400);
    expect(zone.body.error.details.fields[0].field).toBe('timezone');
  });

  it('deleting takes the owner typing its name, removes everything in it, and moves sessions elsewhere', async () => {
    const doomed = await owner.post('/api/workspaces').send({ name: 'Doomed' }).expect(201);
    await owner.post('/api/session/workspace').send({ workspaceId: doomed.body.id }).expect(200);
    const created = await owner.post('/api/connections').send(webhookDraft('Doomed hook')).expect(201);
    const helper = await inviteAndJoin(api.app, owner, 'helper@example.com', 'admin');
    const helperToken = await tokenOf(helper);
    expect((await helper.del('/api/workspace').send({ confirmName: 'Doomed' }).expect(403)).body.error.details.requiredRole).toBe(
      'owner',
    );

    const wrong = await owner.del('/api/workspace').send({ confirmName: 'doomed' }).expect(400);
    expect(wrong.body.error.details.fields).toEqual([
      { field: 'confirmName', message: 'type the workspace\'s name, "Doomed", exactly to delete it.' },
    ]);
    await owner.del('/api/workspace').send({ confirmName: 'Doomed' }).expect(204);

    expect(await api.database.db('workspaces').where({ id: doomed.body.id })).toEqual([]);
    expect(await api.database.db('connections').where({ id: created.body.id })).toEqual([]);
    expect(await api.database.db('audit_events').where({ workspace_id: doomed.body.id })).toEqual([]);
    const after = await owner.get('/api/session').expect(200);
    expect(after.body.workspace.id).toBe(owner.workspaceId);
    expect(after.body.workspaces.map((w: { name: string }) => w.name)).not.toContain('Doomed');
    await helper.get('/api/session').expect(401);
    await request(api.app).get('/api/connections').set('Authorization', `Bearer ${helperToken}`).expect(401);
  });

  it('refuses to delete a person’s only workspace', async () => {
    const solo = await inviteAndJoin(api.app, owner, 'solo@example.com', 'viewer');
    const own = await solo.post('/api/workspaces').send({ name: 'Solo' }).expect(201);
    await solo.post('/api/session/workspace').send({ workspaceId: own.body.id }).expect(200);
    await owner.del(`/api/members/${(await solo.get('/api/session')).body.user.id}`).expect(204);
    const refused = await solo.del('/api/workspace').send({ confirmName: 'Solo' }).expect(409);
    expect(refused.body.error.message).toMatch(/only workspace/);
  });
});
