// Invitations, members and passwords through the API: one-time links that expire, roles
// that only owners hand out, and removal that ends a person's access at once.
import request from 'supertest';
import { INVITATION_LIFETIME_MS } from '../../../engine/teams/invitations';
import { logIn, OWNER, setupOwner, startTestApi, type LoggedIn, type TestApi } from '../../support/api';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { inviteAndJoin, linkToken, MEMBER_PASSWORD, tokenOf } from '../../support/team';

// Every person added hashes a password (scrypt, ~50 ms alone): give a busy machine room.
jest.setTimeout(180_000);

let smtp: SmtpSink;
let api: TestApi;
let owner: LoggedIn;

beforeAll(async () => {
  smtp = await startSmtpSink();
  api = await startTestApi({ config: { smtpUrl: smtp.url, publicUrl: 'https://tributary.example.com' } });
  owner = await setupOwner(api.app);
});
afterAll(async () => {
  await api.drop();
  await smtp.close();
});

/** The text of a quoted-printable body, as a mail program shows it. */
const quotedPrintable = (raw: string) =>
  raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const accept = (path: string, password = MEMBER_PASSWORD) =>
  request(api.app)
    .post('/api/invitations/accept')
    .send({ token: linkToken(path), password });

describe('invitations', () => {
  it('shows a one-time link, emails it through SMTP, and lets the invitee join with the role given', async () => {
    const invited = await owner.post('/api/invitations').send({ email: 'eve@example.com', role: 'editor' }).expect(201);
    expect(invited.body.link).toMatch(/^https:\/\/tributary\.example\.com\/join#token=[A-Za-z0-9_-]{43}$/);
    expect(invited.body.email).toEqual({ sent: true });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['<eve@example.com>']);
    expect(quotedPrintable(mail!.data)).toContain(invited.body.link);
    expect(JSON.stringify(await api.database.db('invitations').first())).not.toContain(linkToken(invited.body.path));

    const listed = await owner.get('/api/invitations').expect(200);
    expect(listed.body.invitations).toEqual([
      expect.objectContaining({ email: 'eve@example.com', role: 'editor', expired: false }),
    ]);
    const lookup = await request(api.app)
      .post('/api/invitations/lookup')
      .send({ token: linkToken(invited.body.path) });
    expect(lookup.body).toMatchObject({
      email: 'eve@example.com',
      role: 'editor',
      workspaceName: OWNER.workspaceName,
      hasAccount: false,
    });

    const joined = await accept(invited.body.path).expect(201);
    expect(joined.body.workspace).toMatchObject({ id: owner.workspaceId, role: 'editor' });
    const again = await accept(invited.body.path).expect(404);
    expect(again.body.error.message).toMatch(/already used, revoked or has expired/);
    expect((await owner.get('/api/invitations')).body.invitations).toEqual([]);
    expect((await owner.get('/api/members')).body.members).toContainEqual(
      expect.objectContaining({ email: 'eve@example.com', role: 'editor' }),
    );
  });

  it('stops a link that was revoked or is older than 7 days', async () => {
    const revoked = await owner.post('/api/invitations').send({ email: 'rev@example.com', role: 'viewer' }).expect(201);
    await owner.del(`/api/invitations/${revoked.body.invitation.id}`).expect(204);
    await accept(revoked.body.path).expect(404);

    const late = await owner.post('/api/invitations').send({ email: 'late@example.com', role: 'viewer' }).expect(201);
    api.advance(INVITATION_LIFETIME_MS + 1000);
    try {
      expect((await owner.get('/api/invitations')).body.invitations).toContainEqual(
        expect.objectContaining({ email: 'late@example.com', expired: true }),
      );
      await accept(late.body.path).expect(404);
    } finally {
      api.advance(-(INVITATION_LIFETIME_MS + 1000));
    }
  });

  it('asks someone who already has an account for its password, and a new person for a long enough one', async () => {
    const rival = 'has-account@example.com';
    await request(api.app)
      .post('/api/invitations/accept')
      .send({ token: 'x'.repeat(43), password: 'whatever' })
      .expect(404);
    const first = await owner.post('/api/invitations').send({ email: 'short@example.com', role: 'viewer' }).expect(201);
    const short = await accept(first.body.path, 'short').expect(400);
    expect(short.body.error.details.fields).toEqual([{ field: 'password', message: 'At least 12 characters.' }]);

    await inviteAndJoin(api.app, owner, rival, 'viewer');
    await owner.del(`/api/members/${(await memberId(rival))!}`).expect(204);
    const back = await owner.post('/api/invitations').send({ email: rival, role: 'editor' }).expect(201);
    const wrong = await accept(back.body.path, 'not the password at all').expect(401);
    expect(wrong.body.error.message).toMatch(/already has an account/);
    await accept(back.body.path, MEMBER_PASSWORD).expect(201);
  });

  it('lets only an owner invite an owner, and refuses to invite a member twice', async () => {
    const admin = await inviteAndJoin(api.app, owner, 'admin@example.com', 'admin');
    const refused = await admin.post('/api/invitations').send({ email: 'boss@example.com', role: 'owner' }).expect(403);
    expect(refused.body.error.details).toMatchObject({ requiredRole: 'owner', yourRole: 'admin' });
    await admin.post('/api/invitations').send({ email: 'helper@example.com', role: 'viewer' }).expect(201);
    const twice = await owner.post('/api/invitations').send({ email: 'ADMIN@example.com', role: 'viewer' }).expect(409);
    expect(twice.body.error.details.fields).toEqual([{ field: 'email', message: 'is already a member' }]);
  });
});

async function memberId(email: string): Promise<string | undefined> {
  const members = (await owner.get('/api/members').expect(200)).body.members as Array<{ userId: string; email: string }>;
  return members.find((member) => member.email === email)?.userId;
}

describe('members', () => {
  it('removing a member ends their session and their API token at once', async () => {
    const gone = await inviteAndJoin(api.app, owner, 'gone@example.com', 'editor');
    const token = await tokenOf(gone);
    await gone.get('/api/connections').expect(200);
    await request(api.app).get('/api/connections').set('Authorization', `Bearer ${token}`).expect(200);

    await owner.del(`/api/members/${(await memberId('gone@example.com'))!}`).expect(204);

    expect((await gone.get('/api/connections').expect(401)).body.error.code).toBe('unauthenticated');
    await request(api.app).get('/api/connections').set('Authorization', `Bearer ${token}`).expect(401);
    await gone.get('/api/session').expect(401);
  });

  it('a role change applies to the next request, even through a token made before it', async () => {
    const demoted = await inviteAndJoin(api.app, owner, 'demoted@example.com', 'editor');
    const token = await tokenOf(demoted);
    const connection = (
      await owner
        .post('/api/connections')
        .send({ name: 'draft', source: { connector: 'webhook', trigger: 'new-payload', options: {} } })
    ).body;
    await owner
      .patch(`/api/members/${(await memberId('demoted@example.com'))!}`)
      .send({ role: 'viewer' })
      .expect(200);
    const refused = await request(api.app)
      .post(`/api/connections/${connection.id}/disable`)
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    expect(refused.body.error.details).toMatchObject({ requiredRole: 'editor', yourRole: 'viewer' });
  });

  it('keeps a last owner, and lets only owners remove or demote an owner', async () => {
    const ownerId = (await memberId(OWNER.email))!;
    const admin = await logIn(api.app, { email: 'admin@example.com', password: MEMBER_PASSWORD });
    expect((await admin.del(`/api/members/${ownerId}`).expect(403)).body.error.details.requiredRole).toBe('owner');
    const last = await owner.patch(`/api/members/${ownerId}`).send({ role: 'admin' }).expect(409);
    expect(last.body.error.message).toMatch(/needs an owner/);
    await owner.del(`/api/members/${ownerId}`).expect(409);
  });
});

describe('passwords', () => {
  it('an admin makes a one-time reset link; using it sets the password and ends that person’s sessions', async () => {
    const forgetful = await inviteAndJoin(api.app, owner, 'forgetful@example.com', 'viewer');
    const admin = await logIn(api.app, { email: 'admin@example.com', password: MEMBER_PASSWORD });
    const reset = await admin.post(`/api/members/${(await memberId('forgetful@example.com'))!}/password-reset`).expect(201);
    expect(reset.body.link).toMatch(/^https:\/\/tributary\.example\.com\/reset-password#token=/);
    const token = linkToken(reset.body.path);
    expect((await request(api.app).post('/api/password-resets/lookup').send({ token }).expect(200)).body).toEqual({
      email: 'forgetful@example.com',
    });
    await request(api.app).post('/api/password-resets/complete').send({ token, password: 'a brand new password' }).expect(200);
    await request(api.app).post('/api/password-resets/complete').send({ token, password: 'a brand new password' }).expect(404);
    await forgetful.get('/api/session').expect(401);
    await logIn(api.app, { email: 'forgetful@example.com', password: 'a brand new password' });
    const ownerId = (await memberId(OWNER.email))!;
    expect((await admin.post(`/api/members/${ownerId}/password-reset`).expect(403)).body.error.details.requiredRole).toBe(
      'owner',
    );
  });

  it('changing your own password keeps this session and ends the others', async () => {
    const here = await logIn(api.app, { email: 'demoted@example.com', password: MEMBER_PASSWORD });
    const elsewhere = await logIn(api.app, { email: 'demoted@example.com', password: MEMBER_PASSWORD });
    const wrong = await here.post('/api/password').send({ currentPassword: 'nope', newPassword: 'another long password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields).toEqual([{ field: 'currentPassword', message: 'is not your current password' }]);
    await here.post('/api/password').send({ currentPassword: MEMBER_PASSWORD, newPassword: 'another long password' }).expect(204);
    await here.get('/api/session').expect(200);
    await elsewhere.get('/api/session').expect(401);
  });
});
