import request from 'supertest';
import { LoggedIn, otherTenant, setupOwner, startTestApi, TestApi } from '../../support/api';
import { GOOD_KEY, testConnectors } from './fake-connector';

let api: TestApi;
let owner: LoggedIn;
let foreignAccountId: string;
let ownAccountId: string;

beforeAll(async () => {
  api = await startTestApi({ connectors: testConnectors });
  owner = await setupOwner(api.app);
  ownAccountId = (
    await owner.post('/api/accounts').send({ connector: 'fake-crm', name: 'Mine', credentials: { apiKey: GOOD_KEY } })
  ).body.id;
  const rival = await otherTenant(api);
  foreignAccountId = (
    await rival.post('/api/accounts').send({ connector: 'fake-crm', name: 'Theirs', credentials: { apiKey: GOOD_KEY } })
  ).body.id;
});
afterAll(() => api.drop());

const counts = async () => {
  const db = api.database.db;
  const [users, accounts, tokens] = await Promise.all(
    ['users', 'accounts', 'api_tokens'].map((t) => db(t).count('* as n').first()),
  );
  return { users, accounts, tokens };
};

interface Case {
  name: string;
  method: 'post' | 'delete';
  path: string;
  /** An object is sent as JSON; a string is sent raw as application/json. */
  body?: unknown;
  contentType?: string;
  status: number;
  code: string;
  /** The field the error must name, if any. */
  field?: string;
}

const account = (credentials: unknown, extra: object = {}) => ({ connector: 'fake-crm', name: 'CRM', credentials, ...extra });

const cases: Case[] = [
  {
    name: 'setup again after the owner exists',
    method: 'post',
    path: '/api/setup',
    body: { email: 'x@example.com', password: 'long enough pw', workspaceName: 'X' },
    status: 409,
    code: 'setup_done',
  },
  {
    name: 'login without a password',
    method: 'post',
    path: '/api/login',
    body: { email: 'owner@example.com' },
    status: 400,
    code: 'validation_failed',
    field: 'password',
  },
  {
    name: 'login with a number as email',
    method: 'post',
    path: '/api/login',
    body: { email: 42, password: 'x' },
    status: 400,
    code: 'validation_failed',
    field: 'email',
  },
  {
    name: 'login with an unknown field',
    method: 'post',
    path: '/api/login',
    body: { email: 'a@b.co', password: 'x', remember: true },
    status: 400,
    code: 'validation_failed',
    field: 'remember',
  },
  {
    name: 'login with malformed JSON',
    method: 'post',
    path: '/api/login',
    body: '{"email": "a@b.co",',
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'login with a JSON string instead of an object',
    method: 'post',
    path: '/api/login',
    body: '"hello"',
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'login sent as form data',
    method: 'post',
    path: '/api/login',
    body: 'email=a%40b.co&password=x',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'a token without a name',
    method: 'post',
    path: '/api/tokens',
    body: {},
    status: 400,
    code: 'validation_failed',
    field: 'name',
  },
  {
    name: 'a token with an empty name',
    method: 'post',
    path: '/api/tokens',
    body: { name: '' },
    status: 400,
    code: 'validation_failed',
    field: 'name',
  },
  {
    name: 'a token with a name that is an array',
    method: 'post',
    path: '/api/tokens',
    body: { name: ['a'] },
    status: 400,
    code: 'validation_failed',
    field: 'name',
  },
  {
    name: 'a token with an unknown field',
    method: 'post',
    path: '/api/tokens',
    body: { name: 'ci', scope: 'all' },
    status: 400,
    code: 'validation_failed',
    field: 'scope',
  },
  {
    name: 'a token body over 1 MB',
    method: 'post',
    path: '/api/tokens',
    body: { name: 'x'.repeat(1024 * 1024 + 10) },
    status: 413,
    code: 'payload_too_large',
  },
  { name: 'revoking a token id that is not a uuid', method: 'delete', path: '/api/tokens/123', status: 404, code: 'not_found' },
  {
    name: 'an account without credentials',
    method: 'post',
    path: '/api/accounts',
    body: { connector: 'fake-crm', name: 'CRM' },
    status: 400,
    code: 'validation_failed',
    field: 'credentials',
  },
  {
    name: 'an account for an unknown connector',
    method: 'post',
    path: '/api/accounts',
    body: { connector: 'salesforce', name: 'SF', credentials: {} },
    status: 400,
    code: 'validation_failed',
    field: 'connector',
  },
  {
    name: 'an account for a connector that needs none',
    method: 'post',
    path: '/api/accounts',
    body: { connector: 'webhook', name: 'W', credentials: {} },
    status: 400,
    code: 'validation_failed',
    field: 'connector',
  },
  {
    name: 'credentials missing the API key',
    method: 'post',
    path: '/api/accounts',
    body: account({}),
    status: 400,
    code: 'validation_failed',
    field: 'credentials.apiKey',
  },
  {
    name: 'an API key that is a number',
    method: 'post',
    path: '/api/accounts',
    body: account({ apiKey: 12345678 }),
    status: 400,
    code: 'validation_failed',
    field: 'credentials.apiKey',
  },
  {
    name: 'an unknown credentials field',
    method: 'post',
    path: '/api/accounts',
    body: account({ apiKey: GOOD_KEY, region: 'eu' }),
    status: 400,
    code: 'validation_failed',
    field: 'credentials.region',
  },
  {
    name: 'credentials as a string',
    method: 'post',
    path: '/api/accounts',
    body: account(GOOD_KEY),
    status: 400,
    code: 'validation_failed',
    field: 'credentials',
  },
  {
    name: 'an account name that is too long',
    method: 'post',
    path: '/api/accounts',
    body: account({ apiKey: GOOD_KEY }, { name: 'n'.repeat(201) }),
    status: 400,
    code: 'validation_failed',
    field: 'name',
  },
  {
    name: 'an account with an unknown top-level field',
    method: 'post',
    path: '/api/accounts',
    body: account({ apiKey: GOOD_KEY }, { shared: true }),
    status: 400,
    code: 'validation_failed',
    field: 'shared',
  },
  {
    name: 'credentials the service refuses',
    method: 'post',
    path: '/api/accounts',
    body: account({ apiKey: 'crm_live_REFUSED000' }),
    status: 422,
    code: 'account_verification_failed',
  },
  {
    name: 'an account body that is malformed JSON',
    method: 'post',
    path: '/api/accounts',
    body: '{"connector":',
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 're-verifying a foreign account',
    method: 'post',
    path: '/api/accounts/:foreign/verify',
    status: 404,
    code: 'not_found',
  },
  { name: 'deleting a foreign account', method: 'delete', path: '/api/accounts/:foreign', status: 404, code: 'not_found' },
  {
    name: 'options for an unknown connector',
    method: 'post',
    path: '/api/connectors/salesforce/options/tag',
    body: { action: 'add-contact', account: ':own' },
    status: 404,
    code: 'not_found',
  },
  {
    name: 'options with a foreign account',
    method: 'post',
    path: '/api/connectors/fake-crm/options/tag',
    body: { action: 'add-contact', account: ':foreign', options: { list: 'a' } },
    status: 404,
    code: 'not_found',
  },
  {
    name: 'options with an account that is not a uuid',
    method: 'post',
    path: '/api/connectors/fake-crm/options/tag',
    body: { action: 'add-contact', account: 'acc_1' },
    status: 400,
    code: 'validation_failed',
    field: 'account',
  },
  {
    name: 'options before the field they depend on',
    method: 'post',
    path: '/api/connectors/fake-crm/options/tag',
    body: { action: 'add-contact', account: ':own', options: {} },
    status: 400,
    code: 'validation_failed',
    field: 'options.list',
  },
  {
    name: 'options naming neither trigger nor action',
    method: 'post',
    path: '/api/connectors/fake-crm/options/tag',
    body: { account: ':own', options: { list: 'a' } },
    status: 400,
    code: 'validation_failed',
    field: 'trigger',
  },
  {
    name: 'options for an unknown action',
    method: 'post',
    path: '/api/connectors/fake-crm/options/tag',
    body: { action: 'delete-all', account: ':own' },
    status: 400,
    code: 'validation_failed',
    field: 'action',
  },
  {
    name: 'options for a field without loadable choices',
    method: 'post',
    path: '/api/connectors/fake-crm/options/list',
    body: { action: 'add-contact', account: ':own' },
    status: 404,
    code: 'not_found',
  },
];

const fillIds = (value: string) => value.replace(':foreign', foreignAccountId).replace(':own', ownAccountId);

describe('bad input is refused at the edge with a clear error, and nothing is stored', () => {
  it.each(cases)('$name -> $status $code', async (c) => {
    const before = await counts();
    let call = c.method === 'post' ? owner.post(fillIds(c.path)) : owner.del(fillIds(c.path));
    if (typeof c.body === 'string') call = call.set('Content-Type', c.contentType ?? 'application/json').send(c.body);
    else if (c.body !== undefined) call = call.send(JSON.parse(fillIds(JSON.stringify(c.body))));
    const response = await call;

    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: c.status, code: c.code });
    expect(response.body.error.message.length).toBeGreaterThan(10);
    if (c.field) expect(response.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(c.field);
    expect(await counts()).toEqual(before);
  });

  it('answers an unknown route with a 404 in the same error shape', async () => {
    const response = await request(api.app).get('/api/nothing-here').expect(404);
    expect(response.body).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('/nothing-here'), details: {} },
    });
  });
});
