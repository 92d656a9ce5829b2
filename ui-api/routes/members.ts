import { Router } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { inviteMember, listInvitations, revokeInvitation, type TeamDeps } from '../../engine/teams/invitations';
import { changeMemberRole, listMembers, removeMember } from '../../engine/teams/members';
import { createPasswordResetLink } from '../../engine/teams/passwords';
import { ROLES, type Role } from '../../engine/teams/roles';
import { getAuth } from '../http/auth';
import { defineRoute } from '../http/route';

const role: JsonSchema = { type: 'string', enum: [...ROLES], description: 'owner, admin, editor or viewer' };
const tag = 'members';

const memberSchema: JsonSchema = {
  type: 'object',
  properties: { userId: { type: 'string', format: 'uuid' }, email: { type: 'string' }, role, joinedAt: { type: 'string' } },
};

/** The people of a workspace: who is in it with which role, invitations, password reset links. */
export function memberRoutes(team: TeamDeps): Router {
  const router = Router();

  defineRoute(
    router,
    {
      method: 'get',
      path: '/members',
      tag,
      summary: 'The members of the workspace and their roles',
      response: { type: 'object', properties: { members: { type: 'array', items: memberSchema } } },
    },
    async (req) => ({ members: await listMembers({ db: team.db, actor: getAuth(req) }) }),
  );

  defineRoute<{ role: Role }>(
    router,
    {
      method: 'patch',
      path: '/members/:userId',
      tag,
      summary: "Change a member's role (making or unmaking an owner takes an owner)",
      body: { type: 'object', additionalProperties: false, required: ['role'], properties: { role } },
      response: memberSchema,
    },
    async (req, _res, { params, body }) =>
      changeMemberRole({ db: team.db, actor: getAuth(req), userId: params.userId!, role: body.role }),
  );

  defineRoute(
    router,
    {
      method: 'delete',
      path: '/members/:userId',
      tag,
      status: 204,
      summary: 'Remove a member; their sessions and API tokens for this workspace stop working at once',
    },
    async (req, _res, { params }) => {
      await removeMember({ db: team.db, now: team.clock(), actor: getAuth(req), userId: params.userId! });
    },
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/members/:userId/password-reset',
      tag,
      status: 201,
      summary: 'A one-time link (valid one day) for the member to set a new password',
    },
    async (req, _res, { params }) => createPasswordResetLink({ deps: team, actor: getAuth(req), userId: params.userId! }),
  );

  defineRoute<{ email: string; role: Role }>(
    router,
    {
      method: 'post',
      path: '/invitations',
      tag,
      status: 201,
      summary: 'Invite someone by email; answers with the one-time link (valid 7 days), also emailed when SMTP_URL is set',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['email', 'role'],
        properties: { email: { type: 'string', format: 'email', maxLength: 254 }, role },
      },
    },
    async (req, _res, { body }) => inviteMember({ deps: team, actor: getAuth(req), email: body.email, role: body.role }),
  );

  defineRoute(
    router,
    { method: 'get', path: '/invitations', tag, summary: 'Invitations not yet accepted or revoked' },
    async (req) => ({ invitations: await listInvitations({ deps: team, actor: getAuth(req) }) }),
  );

  defineRoute(
    router,
    { method: 'delete', path: '/invitations/:id', tag, status: 204, summary: 'Revoke an invitation; its link stops working' },
    async (req, _res, { params }) => {
      await revokeInvitation({ deps: team, actor: getAuth(req), id: params.id! });
    },
  );

  return router;
}
