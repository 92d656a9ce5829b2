import { Router } from 'express';
import type { JsonObject, JsonSchema } from '../../connectors/sdk';
import {
  accountDefinitionFor,
  createAccount,
  deleteAccount,
  getAccount,
  listAccounts,
  reverifyAccount,
} from '../../engine/accounts/service';
import { getAuth } from '../http/auth';
import type { RouteDependencies } from '../http/dependencies';
import { defineRoute } from '../http/route';
import { validateValue } from '../http/validation';
import { googleOAuthRoutes } from './accounts-google';

export const accountSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    connector: { type: 'string' },
    name: { type: 'string' },
    hint: { type: 'string', description: 'Masked, e.g. sk_test_...4242. Credentials are never returned.' },
    details: { type: 'object' },
    verifiedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

interface CreateAccountBody {
  connector: string;
  name: string;
  credentials: JsonObject;
}

const createAccountSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['connector', 'name', 'credentials'],
  properties: {
    connector: { type: 'string', minLength: 1, maxLength: 100, description: 'e.g. stripe; see GET /api/connectors.' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    credentials: { type: 'object', description: "Matches the connector's account schema; verified live before saving." },
  },
};

/** Credentials for connectors: verified live, stored encrypted, shown only as a hint. */
export function accountRoutes(deps: RouteDependencies): Router {
  const router = Router();
  const { db, config, connectors, clock } = deps;

  // Before /accounts/:id so "google" is not taken for an id.
  router.use(googleOAuthRoutes(deps));

  defineRoute<CreateAccountBody>(
    router,
    {
      method: 'post',
      path: '/accounts',
      tag: 'accounts',
      status: 201,
      body: createAccountSchema,
      response: accountSchema,
      summary: 'Verify credentials with the service, then save them as an account',
    },
    async (req, _res, { body }) => {
      const account = accountDefinitionFor(connectors, body.connector);
      validateValue(account.schema, body.credentials, { prefix: 'credentials' });
      return createAccount({ db, config, connectors, now: clock(), actor: getAuth(req), ...body });
    },
  );

  defineRoute(
    router,
    {
      method: 'get',
      path: '/accounts',
      tag: 'accounts',
      summary: "The workspace's accounts",
      response: { type: 'object', properties: { accounts: { type: 'array', items: accountSchema } } },
    },
    async (req) => ({ accounts: await listAccounts({ db, actor: getAuth(req) }) }),
  );

  defineRoute(
    router,
    { method: 'get', path: '/accounts/:id', tag: 'accounts', summary: 'One account (masked hint only)', response: accountSchema },
    async (req, _res, { params }) => getAccount({ db, actor: getAuth(req), id: params.id! }),
  );

  defineRoute(
    router,
    {
      method: 'post',
      path: '/accounts/:id/verify',
      tag: 'accounts',
      response: accountSchema,
      summary: 'Check the stored credentials with the service again',
    },
    async (req, _res, { params }) =>
      reverifyAccount({ db, config, connectors, now: clock(), actor: getAuth(req), id: params.id! }),
  );

  defineRoute(
    router,
    {
      method: 'delete',
      path: '/accounts/:id',
      tag: 'accounts',
      status: 204,
      summary: 'Delete an account; refused with 409 account_in_use naming the connections that use it',
    },
    async (req, _res, { params }) => {
      await deleteAccount({ db, actor: getAuth(req), id: params.id! });
    },
  );

  return router;
}
