import { Router } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { listAudit } from '../../engine/audit/audit';
import type { Db } from '../../engine/store/db';
import { getAuth } from '../http/auth';
import { type PageQuery, pageQuerySchema, pageResponseSchema } from '../http/pagination';
import { defineRoute } from '../http/route';

const eventSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    at: { type: 'string', format: 'date-time' },
    actor: {
      type: 'object',
      properties: {
        userId: { type: ['string', 'null'] },
        email: { type: ['string', 'null'] },
        via: { type: 'string', enum: ['session', 'token'] },
        tokenName: { type: ['string', 'null'] },
      },
    },
    action: { type: 'string', description: 'e.g. connection.created, account.deleted, member.invited' },
    target: {
      type: 'object',
      properties: { type: { type: 'string' }, id: { type: ['string', 'null'] }, name: { type: ['string', 'null'] } },
    },
    summary: { type: 'string', description: 'What changed, in words; never a secret.' },
  },
};

/** Who did what, and when, in this workspace. */
export function auditRoutes(db: Db): Router {
  const router = Router();
  defineRoute<Record<string, never>, PageQuery>(
    router,
    {
      method: 'get',
      path: '/audit',
      tag: 'audit',
      summary: "The workspace's audit log, newest first, paged by limit and cursor",
      query: pageQuerySchema(50),
      response: pageResponseSchema('events', eventSchema),
    },
    async (req, _res, { query }) => {
      const page = await listAudit({ db, actor: getAuth(req), cursor: query.cursor, limit: query.limit ?? 50 });
      return { events: page.items, nextCursor: page.nextCursor };
    },
  );
  return router;
}
