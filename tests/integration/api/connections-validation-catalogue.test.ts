// Bad input to the connection and run endpoints: each case is refused with its status,
// its error code and the field at fault, and leaves every connection and run as it was.
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { LoggedIn, otherTenant, setupOwner, startTestApi, TestApi } from '../../support/api';

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
const ids: Record<string, string> = {};

const connection = (extra: Record<string, unknown> = {}) => ({
  name: 'Signups -> Stripe',
  source: { connector: 'webhook', trigger: 'new-payload', options: {} },
  destination: { connector: 'stripe', action: 'create-customer', account: ':own', options: {} },
  mapping: { email: '{{email}}', name: '{{ $uppercase(name) }}' },
  schedule: { type: 'interval', minutes: 15 },
  enabled: false,
  ...extra,
});
const withSchedule = (schedule: unknown) => connection({ schedule });
const withMapping = (mapping: unknown) => connection({ mapping });
const withDestination = (extra: Record<string, unknown>) =>
  connection({ destination: { ...connection().destination, ...extra } });
const withSource = (extra: Record<string, unknown>) => connection({ source: { ...connection().source, ...extra } });

beforeAll(async () => {
  stripe = await startStripeEmulator();
  api = await startTestApi({ config: { stripeApiBase: stripe.url } });
  owner = await setupOwner(api.app);
  const addStripe = async (as: LoggedIn) =>
    (
      await as
        .post('/api/accounts')
        .send({ connector: 'stripe', name: 'Stripe', credentials: { secretKey: 'sk_test_catalogue12345678' } })
        .expect(201)
    ).body.id;
  ids.own = await addStripe(owner);
  ids.foreign = await addStripe(await otherTenant(api));
  const save = async (document: object) => (await owner.post('/api/connections').send(fill(document)).expect(201)).body.id;
  ids.A = await save(connection({ name: 'A' }));
  ids.B = await save(connection({ name: 'B', runAfter: ids.A, schedule: null }));
  ids.draft = await save({ name: 'Draft', source: { connector: 'webhook', trigger: 'new-payload' } });
  ids.run = (await owner.post(`/api/connections/${ids.A}/run`).expect(202)).body.id;
  await api.engine.worker.drain();
});
afterAll(async () => {
  await api.drop();
  await stripe.close();
});

/** Replaces `:own`, `:A` ... in paths and bodies with the ids made above. */
function fill<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/:(own|foreign|A|B|draft|run)\b/g, (_m, key: string) => ids[key]!)) as T;
}

/** Everything a refused request must leave untouched. */
async function snapshot() {
  const db = api.database.db;
  const [connections, runs, state, ledger] = await Promise.all([
    db('connections').orderBy('id').select(),
    db('runs').orderBy('id').select('id', 'status'),
    db('source_state').count('* as n').first(),
    db('ledger').count('* as n').first(),
  ]);
  return { connections, runs, state, ledger, customers: stripe.list('customer').length };
}

interface Case {
  name: string;
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  /** An object is sent as JSON; a string is sent raw as application/json. */
  body?: unknown;
  status: number;
  code: string;
  field?: string;
  /** A text the message must contain. */
  says?: string;
}

const POST = 'post' as const;
const cases: Case[] = [
  {
    name: 'a name that is a number',
    method: POST,
    path: '/api/connections',
    body: connection({ name: 42 }),
    status: 400,
    code: 'validation_failed',
    field: 'name',
  },
  {
    name: 'an empty name',
    method: POST,
    path: '/api/connections',
    body: connection({ name: '' }),
    status: 400,
    code: 'validation_failed',
    field: 'name',
  },
  {
    name: 'an unknown top-level field',
    method: POST,
    path: '/api/connections',
    body: connection({ owner: 'me' }),
    status: 400,
    code: 'validation_failed',
    field: 'owner',
  },
  {
    name: 'no source',
    method: POST,
    path: '/api/connections',
    body: connection({ source: undefined }),
    status: 400,
    code: 'validation_failed',
    field: 'source',
  },
  {
    name: 'a source without a trigger',
    method: POST,
    path: '/api/connections',
    body: withSource({ trigger: undefined }),
    status: 400,
    code: 'validation_failed',
    field: 'source.trigger',
  },
  {
    name: 'source options that are a string',
    method: POST,
    path: '/api/connections',
    body: withSource({ options: 'none' }),
    status: 400,
    code: 'validation_failed',
    field: 'source.options',
  },
  {
    name: 'an unknown source option',
    method: POST,
    path: '/api/connections',
    body: withSource({ options: { signature: 'sha1' } }),
    status: 400,
    code: 'validation_failed',
    field: 'source.options.signature',
  },
  {
    name: 'an enabled flag that is a string',
    method: POST,
    path: '/api/connections',
    body: connection({ enabled: 'yes' }),
    status: 400,
    code: 'validation_failed',
    field: 'enabled',
  },
  {
    name: 'a schedule time of 25:00',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'times', times: ['09:00', '25:00'], timezone: 'Europe/Berlin' }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.times[1]',
    says: '25:00',
  },
  {
    name: 'the same time twice',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'times', times: ['09:00', '09:00'], timezone: 'UTC' }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.times[1]',
    says: 'twice',
  },
  {
    name: 'no times at all',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'times', times: [], timezone: 'UTC' }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.times',
  },
  {
    name: 'an unknown time zone',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'times', times: ['09:00'], timezone: 'Mars/Olympus_Mons' }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.timezone',
    says: 'Mars/Olympus_Mons',
  },
  {
    name: 'an interval of 0 minutes',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'interval', minutes: 0 }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.minutes',
  },
  {
    name: 'an interval of 1441 minutes',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'interval', minutes: 1441 }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.minutes',
  },
  {
    name: 'an interval given as text',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'interval', minutes: '15' }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.minutes',
  },
  {
    name: 'an unknown schedule type',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'weekly' }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.type',
  },
  {
    name: 'an unknown field in the schedule',
    method: POST,
    path: '/api/connections',
    body: withSchedule({ type: 'interval', minutes: 5, every: 'day' }),
    status: 400,
    code: 'validation_failed',
    field: 'schedule.every',
  },
  {
    name: 'a template that does not parse',
    method: POST,
    path: '/api/connections',
    body: withMapping({ name: '{{ $uppercase( }}' }),
    status: 400,
    code: 'validation_failed',
    field: 'mapping.name',
  },
  {
    name: 'a mapping to an input the action does not have',
    method: POST,
    path: '/api/connections',
    body: withMapping({ nickname: '{{name}}' }),
    status: 400,
    code: 'validation_failed',
    field: 'mapping.nickname',
  },
  {
    name: 'a mapping value that is an object',
    method: POST,
    path: '/api/connections',
    body: withMapping({ email: { from: 'email' } }),
    status: 400,
    code: 'validation_failed',
    field: 'mapping.email',
  },
  {
    name: 'a mapping on a draft without a destination',
    method: POST,
    path: '/api/connections',
    body: connection({ destination: null }),
    status: 400,
    code: 'validation_failed',
    field: 'mapping',
  },
  {
    name: 'an account of another workspace',
    method: POST,
    path: '/api/connections',
    body: withDestination({ account: ':foreign' }),
    status: 400,
    code: 'validation_failed',
    field: 'destination.account',
  },
  {
    name: 'an account that is not a uuid',
    method: POST,
    path: '/api/connections',
    body: withDestination({ account: 'acc_123' }),
    status: 400,
    code: 'validation_failed',
    field: 'destination.account',
  },
  {
    name: 'a Stripe account as a Google Sheets source',
    method: POST,
    path: '/api/connections',
    body: withSource({
      connector: 'google-sheets',
      trigger: 'new-row',
      account: ':own',
      options: { spreadsheetId: 'x', sheet: 'Leads' },
    }),
    status: 400,
    code: 'validation_failed',
    field: 'source.account',
    says: 'stripe',
  },
  {
    name: 'no destination account',
    method: POST,
    path: '/api/connections',
    body: withDestination({ account: null }),
    status: 400,
    code: 'validation_failed',
    field: 'destination.account',
  },
  {
    name: 'an account on a webhook source',
    method: POST,
    path: '/api/connections',
    body: withSource({ account: ':own' }),
    status: 400,
    code: 'validation_failed',
    field: 'source.account',
  },
  {
    name: 'an unknown source connector',
    method: POST,
    path: '/api/connections',
    body: withSource({ connector: 'salesforce' }),
    status: 400,
    code: 'validation_failed',
    field: 'source.connector',
    says: 'salesforce',
  },
  {
    name: 'an unknown trigger',
    method: POST,
    path: '/api/connections',
    body: withSource({ trigger: 'new-order' }),
    status: 400,
    code: 'validation_failed',
    field: 'source.trigger',
    says: 'new-order',
  },
  {
    name: 'an unknown action',
    method: POST,
    path: '/api/connections',
    body: withDestination({ action: 'delete-customer' }),
    status: 400,
    code: 'validation_failed',
    field: 'destination.action',
    says: 'delete-customer',
  },
  {
    name: 'an unknown destination option value',
    method: POST,
    path: '/api/connections',
    body: withDestination({ options: { onExistingEmail: 'merge' } }),
    status: 400,
    code: 'validation_failed',
    field: 'destination.options.onExistingEmail',
  },
  {
    name: 'an unknown destination field',
    method: POST,
    path: '/api/connections',
    body: withDestination({ retries: 3 }),
    status: 400,
    code: 'validation_failed',
    field: 'destination.retries',
  },
  {
    name: 'switching on a connection without a destination',
    method: POST,
    path: '/api/connections',
    body: connection({ destination: undefined, mapping: undefined, enabled: true }),
    status: 400,
    code: 'validation_failed',
    field: 'enabled',
  },
  {
    name: 'run after a connection that does not exist',
    method: POST,
    path: '/api/connections',
    body: connection({ runAfter: '00000000-0000-4000-8000-000000000000' }),
    status: 400,
    code: 'validation_failed',
    field: 'runAfter',
  },
  {
    name: 'run after something that is not a uuid',
    method: POST,
    path: '/api/connections',
    body: connection({ runAfter: 'A' }),
    status: 400,
    code: 'validation_failed',
    field: 'runAfter',
  },
  {
    name: 'run after in a loop',
    method: 'put',
    path: '/api/connections/:A',
    body: connection({ name: 'A', runAfter: ':B' }),
    status: 400,
    code: 'validation_failed',
    field: 'runAfter',
    says: 'A -> B -> A',
  },
  {
    name: 'a rename that closes a loop, named by its new name',
    method: 'put',
    path: '/api/connections/:A',
    body: connection({ name: 'Alpha', runAfter: ':B' }),
    status: 400,
    code: 'validation_failed',
    field: 'runAfter',
    says: 'Alpha -> B -> Alpha',
  },
  {
    name: 'run after itself',
    method: 'put',
    path: '/api/connections/:A',
    body: connection({ name: 'A', runAfter: ':A' }),
    status: 400,
    code: 'validation_failed',
    field: 'runAfter',
  },
  {
    name: 'a replacement with a bad template',
    method: 'put',
    path: '/api/connections/:A',
    body: withMapping({ email: '{{ email' }),
    status: 400,
    code: 'validation_failed',
    field: 'mapping.email',
  },
  {
    name: 'a replacement with a foreign account',
    method: 'put',
    path: '/api/connections/:A',
    body: withDestination({ account: ':foreign' }),
    status: 400,
    code: 'validation_failed',
    field: 'destination.account',
  },
  {
    name: 'an import with an unknown field',
    method: POST,
    path: '/api/connections/import',
    body: connection({ id: ':A' }),
    status: 400,
    code: 'validation_failed',
    field: 'id',
  },
  {
    name: 'an import with a foreign account',
    method: POST,
    path: '/api/connections/import',
    body: withDestination({ account: ':foreign' }),
    status: 400,
    code: 'validation_failed',
    field: 'destination.account',
  },
  {
    name: 'malformed JSON',
    method: POST,
    path: '/api/connections',
    body: '{"name": "A", "source": {',
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'a body over 1 MB',
    method: POST,
    path: '/api/connections',
    body: connection({ name: 'x'.repeat(1024 * 1024 + 10) }),
    status: 413,
    code: 'payload_too_large',
  },
  { name: 'a connection id that is not a uuid', method: 'get', path: '/api/connections/123', status: 404, code: 'not_found' },
  {
    name: 'replacing a connection id that is not a uuid',
    method: 'put',
    path: '/api/connections/abc',
    body: connection(),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'deleting a connection id that is not a uuid',
    method: 'delete',
    path: '/api/connections/abc',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'switching on a draft without a destination',
    method: POST,
    path: '/api/connections/:draft/enable',
    status: 400,
    code: 'validation_failed',
    field: 'enabled',
  },
  {
    name: 'a preview with a template that does not parse',
    method: POST,
    path: '/api/connections/:A/preview',
    body: { mapping: { name: '{{ $uppercase( }}' } },
    status: 400,
    code: 'validation_failed',
    field: 'mapping.name',
  },
  {
    name: 'a preview with an unknown field',
    method: POST,
    path: '/api/connections/:A/preview',
    body: { items: [] },
    status: 400,
    code: 'validation_failed',
    field: 'items',
  },
  {
    name: 'a test send of item -1',
    method: POST,
    path: '/api/connections/:A/test-send',
    body: { itemIndex: -1 },
    status: 400,
    code: 'validation_failed',
    field: 'itemIndex',
  },
  {
    name: 'a test send of a connection without a destination',
    method: POST,
    path: '/api/connections/:draft/test-send',
    body: {},
    status: 400,
    code: 'validation_failed',
    field: 'destination.action',
  },
  {
    name: 'runs with a limit of 0',
    method: 'get',
    path: '/api/connections/:A/runs?limit=0',
    status: 400,
    code: 'validation_failed',
    field: 'limit',
  },
  {
    name: 'stats for 400 days',
    method: 'get',
    path: '/api/connections/:A/stats?days=400',
    status: 400,
    code: 'validation_failed',
    field: 'days',
  },
  {
    name: 'items of an unknown status',
    method: 'get',
    path: '/api/runs/:run/items?status=pending',
    status: 400,
    code: 'validation_failed',
    field: 'status',
  },
  {
    name: 'items after a cursor that is not a number',
    method: 'get',
    path: '/api/runs/:run/items?cursor=abc',
    status: 400,
    code: 'validation_failed',
    field: 'cursor',
  },
  {
    name: 'items with an unknown query parameter',
    method: 'get',
    path: '/api/runs/:run/items?sort=desc',
    status: 400,
    code: 'validation_failed',
    field: 'sort',
  },
  { name: 'a run id that is not a uuid', method: 'get', path: '/api/runs/42', status: 404, code: 'not_found' },
  {
    name: 'retrying a run id that is not a uuid',
    method: POST,
    path: '/api/runs/42/retry-failed',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'running a draft without a destination',
    method: POST,
    path: '/api/connections/:draft/run',
    status: 400,
    code: 'validation_failed',
    field: 'destination',
  },
  {
    name: 'running a connection id that is not a uuid',
    method: POST,
    path: '/api/connections/42/run',
    status: 404,
    code: 'not_found',
  },
];

describe('bad input to connections and runs is refused with the field at fault, and nothing changes', () => {
  it.each(cases)('$name -> $status $code', async (c) => {
    const before = await snapshot();
    let call = { get: owner.get, post: owner.post, put: owner.put, delete: owner.del }[c.method](fill(c.path));
    if (typeof c.body === 'string') call = call.set('Content-Type', 'application/json').send(c.body);
    else if (c.body !== undefined) call = call.send(fill(c.body) as object);
    const response = await call;

    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: c.status, code: c.code });
    expect(response.body.error.message.length).toBeGreaterThan(10);
    if (c.field) expect(response.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(c.field);
    if (c.says) expect(response.body.error.message).toContain(c.says);
    expect(await snapshot()).toEqual(before);
  });
});
