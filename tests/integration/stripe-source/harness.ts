import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { addAccount, setupOwner, startTestApi, type LoggedIn, type TestApi } from '../../support/api';
import { rowRecorder } from './recorder';

/** The product (API and runner) reading a Stripe emulator into a row recorder. */
export interface StripeSourceWorld {
  stripe: StripeEmulator;
  api: TestApi;
  owner: LoggedIn;
  /** The Stripe account's id in the product. */
  account: string;
  rows: ReturnType<typeof rowRecorder>['rows'];
  /** Creates an enabled connection from a Stripe trigger to the recorder; returns its id. */
  connect(trigger: string, options: Record<string, unknown>, mapping: Record<string, string>): Promise<string>;
  /** Runs a connection by hand, waits for it, and returns the run with its items. */
  run(connectionId: string): Promise<RunResult>;
  close(): Promise<void>;
}

export interface RunResult {
  status: string;
  itemsTotal: number;
  itemsSent: number;
  itemsSkipped: number;
  itemsFailed: number;
  items: Array<{ itemKey: string; status: string }>;
}

export async function stripeSourceWorld(): Promise<StripeSourceWorld> {
  const recorder = rowRecorder();
  const stripe = await startStripeEmulator();
  const api = await startTestApi({ connectors: recorder.registry, config: { stripeApiBase: stripe.url } });
  const owner = await setupOwner(api.app);
  const account = (await addAccount(owner, 'stripe', 'Shop', { secretKey: 'sk_test_stripeSource0001' })) as string;
  return {
    stripe,
    api,
    owner,
    account,
    rows: recorder.rows,
    async connect(trigger, options, mapping) {
      const created = await owner
        .post('/api/connections')
        .send({
          name: `Stripe ${trigger} -> rows`,
          source: { connector: 'stripe', trigger, account, options },
          destination: { connector: 'row-recorder', action: 'add-row', options: {} },
          mapping,
          schedule: { type: 'interval', minutes: 15 },
          enabled: true,
        })
        .expect(201);
      return created.body.id as string;
    },
    async run(connectionId) {
      const queued = await owner.post(`/api/connections/${connectionId}/run`).expect(202);
      await api.engine.worker.drain();
      const result = (await owner.get(`/api/runs/${queued.body.id}`).expect(200)).body;
      const items = (await owner.get(`/api/runs/${queued.body.id}/items`).expect(200)).body.items;
      return { ...result, items };
    },
    async close() {
      await api.drop();
      await stripe.close();
    },
  };
}
