// Shared by the connections-validation-*.test.ts files: bad input to the connection and run
// endpoints is refused with its status, its error code and the field at fault, and leaves every
// connection and run as it was. Each file hands its table of cases to `describeRefusals`.
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, LoggedIn, otherTenant, setupOwner, startTestApi, TestApi } from '../../support/api';

let stripe: StripeEmulator;
let api: TestApi;
let owner: LoggedIn;
const ids: Record<string, string> = {};

export const connection = (extra: Record<string, unknown> = {}) => ({
  name: 'Signups -> Stripe',
  source: { connector: 'webhook', trigger: 'new-payload', options: {} },
  destination: { connector: 'stripe', action: 'create-customer', account: ':own', options: {} },
  mapping: { email: '{{email}}', name: '{{ $uppercase(name) }}' },
  schedule: { type: 'interval', minutes: 15 },
  enabled: false,
  ...extra,
});
export const withSchedule = (schedule: unknown) => connection({ schedule });
export const withMapping = (mapping: unknown) => connection({ mapping });
export const withDestination = (extra: Record<string, unknown>) =>
  connection({ destination: { ...connection().destination, ...extra } });
export const withSource = (extra: Record<string, unknown>) => connection({ source: { ...connection().source, ...extra } });

/** Starts the app with two workspaces, a Stripe account in each, connections A and B (B runs after A), a draft and a run. */
function setUp() {
  beforeAll(async () => {
    stripe = await startStripeEmulator();
    api = await startTestApi({ config: { stripeApiBase: stripe.url } });
    owner = await setupOwner(api.app);
    const addStripe = async (as: LoggedIn) =>
      await addAccount(as, 'stripe', 'Stripe', { secretKey: 'sk_test_catalogue12345678' });
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
}

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

export interface Case {
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

export const POST = 'post' as const;

/** Sets up the app for this test file and checks each case is refused as it says, with nothing changed. */
export function describeRefusals(cases: Case[]) {
  setUp();
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
}
