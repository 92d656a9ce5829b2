// The product as `npm start` runs it, with a file-descriptor limit small enough for this
// test to exhaust (2,048, where a production machine may allow 20,000 or more): a slow-loris
// crowd opens more half-sent requests than that, and the API must still answer.
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../../engine/store/embedded-postgres';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { IdleConnections, openIdleConnections } from '../../support/idle-connections';

const root = path.resolve(__dirname, '../../..');
const FD_LIMIT = 2048;
const ADDRESSES = 25;
const PER_ADDRESS = 100; // 2,500 connections in all: more than the server has descriptors

let testDb: TestDatabase;
let product: ChildProcess;
let port: number;
let output = '';
const crowd: IdleConnections[] = [];

async function health(timeoutMs: number): Promise<number | string> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return response.status;
  } catch (error) {
    return String((error as Error).cause ?? error);
  }
}

async function untilCrowdClosed(count: number): Promise<void> {
  while (crowd.reduce((sum, c) => sum + c.closed(), 0) < count) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  port = await freePort();
  product = spawn('bash', ['-c', `ulimit -n ${FD_LIMIT} && exec "$NODE" --import tsx ui-api/main.ts`], {
    cwd: root,
    env: {
      ...process.env,
      NODE: process.execPath,
      DATABASE_URL: testDb.url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      TRIBUTARY_SECRET_KEY: 'ab'.repeat(32),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  product.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  product.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let attempt = 0; (await health(1000)) !== 200; attempt++) {
    if (product.exitCode !== null || attempt > 300) throw new Error(`the product did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 60_000);

afterAll(async () => {
  crowd.forEach((c) => c.destroy());
  if (product.exitCode === null) {
    const exited = new Promise((resolve) => product.once('exit', resolve));
    product.kill('SIGTERM');
    await exited;
  }
  await testDb.drop();
});

test('with 2,500 half-sent requests open from 25 addresses, /api/health still answers', async () => {
  for (let n = 0; n < ADDRESSES; n++) {
    crowd.push(await openIdleConnections({ port, localAddress: `127.0.1.${n + 1}`, count: PER_ADDRESS }));
  }
  expect(await health(5000)).toBe(200);
  // The server shed all but its 1,000 (TRIBUTARY_MAX_CONNECTIONS) instead of running out of
  // descriptors; the test's timeout bounds the wait for the last closes to arrive.
  await untilCrowdClosed(ADDRESSES * PER_ADDRESS - 1000);
  expect(output).not.toMatch(/EMFILE/);
}, 60_000);

test('the half-sent requests are closed after the headers timeout (10 s), freeing the server', async () => {
  await Promise.all(crowd.map((c) => c.untilClosed(PER_ADDRESS)));
  expect(await health(5000)).toBe(200);
}, 40_000);
