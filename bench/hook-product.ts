// Shared by the webhook benchmarks: the product as `npm start` runs it, in a process of
// its own, and an instant webhook -> Stripe create-customer connection on an account of
// its own (each scenario starts with a full Stripe budget).
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Db } from '../engine/store/db';
import { newWebhookToken } from '../engine/webhooks';
import { startStripeProcess, type StripeProcess } from '../tests/emulators/stripe/separate-process';
import { insertAccount, insertWorkspace, TEST_SECRET_KEY, webhookToCustomerColumns } from '../tests/support/fixtures';
import { benchDatabase } from './support';

const ROOT = path.resolve(__dirname, '..');

/** The product as `npm start` runs it: API, /hooks, scheduler and a worker in one process. */
async function startProduct(databaseUrl: string, stripeApiBase: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['--import', 'tsx', 'ui-api/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      TRIBUTARY_SECRET_KEY: TEST_SECRET_KEY.toString('hex'),
      STRIPE_API_BASE: stripeApiBase,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Tributary is running at (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`The product exited (${code}) during start-up:\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface HookBench {
  db: Db;
  /** The Stripe emulator, answering at once, in a process of its own that stamps each request on arrival. */
  stripe: StripeProcess;
  /** Where the product listens, e.g. for `${productUrl}/hooks/<token>`. */
  productUrl: string;
}

/** Runs `bench` against a fresh database, the Stripe emulator and the product on both; stops all three after. */
export async function withHookProduct<T>(bench: (parts: HookBench) => Promise<T>): Promise<T> {
  const database = await benchDatabase();
  const stripe = await startStripeProcess();
  const product = await startProduct(database.url, stripe.url);
  try {
    return await bench({ db: database.db, stripe, productUrl: product.url });
  } finally {
    await product.stop();
    await stripe.close();
    await database.stop();
  }
}

export interface HookLimit {
  label: string;
  deliveriesPerSecond: number;
  deliveryBurst: number;
}

/** The secret key of scenario `index`'s account: the emulator's request log tells scenarios apart by it. */
export const benchSecretKey = (index: number) => `sk_test_bench_hook_${index}_4242`;

/** An instant connection with the hook limit given; returns its webhook token. */
export async function hookConnection(db: Db, index: number, limit: HookLimit): Promise<string> {
  const workspaceId = await insertWorkspace(db, `Bench ${index}`);
  const accountId = await insertAccount(db, workspaceId, 'stripe', { secretKey: benchSecretKey(index), requestsPerSecond: 1000 });
  const token = newWebhookToken();
  await db('connections').insert({
    workspace_id: workspaceId,
    name: `Shop orders -> Stripe customers (${limit.label})`,
    ...webhookToCustomerColumns(accountId, {
      instant: true,
      deliveriesPerSecond: limit.deliveriesPerSecond,
      deliveryBurst: limit.deliveryBurst,
    }),
    webhook_token: token,
  });
  return token;
}
