import type { Express } from 'express';
import request from 'supertest';
import type { Role } from '../../engine/teams/roles';
import { logIn, type LoggedIn } from './api';

export const MEMBER_PASSWORD = 'a member password 123';

/** The secret of a one-time link (`/join#token=...`). */
export const linkToken = (path: string): string => new URL(path, 'http://x').hash.replace(/^#token=/, '');

/** `inviter` invites `email` with `role` to their current workspace; the invitee accepts and is logged in there. */
export async function inviteAndJoin(app: Express, inviter: LoggedIn, email: string, role: Role): Promise<LoggedIn> {
  const invited = await inviter.post('/api/invitations').send({ email, role }).expect(201);
  const joined = await request(app)
    .post('/api/invitations/accept')
    .send({ token: linkToken(invited.body.path), password: MEMBER_PASSWORD })
    .expect(201);
  const workspaceId: string = joined.body.workspace.id;
  const member = await logIn(app, { email, password: MEMBER_PASSWORD });
  if (member.workspaceId !== workspaceId) {
    await member.post('/api/session/workspace').send({ workspaceId }).expect(200);
    member.workspaceId = workspaceId;
  }
  return member;
}

/** An API token of the logged-in person (optionally narrower than their role). */
export async function tokenOf(member: LoggedIn, role?: Role): Promise<string> {
  const created = await member.post('/api/tokens').send({ name: `token ${role ?? 'own role'}`, ...(role ? { role } : {}) });
  if (created.status !== 201) throw new Error(`token not created: ${JSON.stringify(created.body)}`);
  return created.body.token as string;
}
