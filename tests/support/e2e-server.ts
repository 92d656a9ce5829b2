// The whole product for a browser test: the real app (API, /hooks, the wizard) and the
// engine's worker on a fresh database, talking to the Stripe and Google emulators.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { connectors } from '../../connectors';
import { createLogger } from '../../engine/log/logger';
import { createEngine, type Engine } from '../../engine/runtime/engine';
import { createApp } from '../../ui-api/app';
import { buildWebAssets, type WebAssets } from '../../ui-api/web/server';
import { startGoogleEmulator, type GoogleEmulator } from '../emulators/google';
import { startStripeEmulator, type StripeEmulator } from '../emulators/stripe';
import { testConfig } from './api';
import { createTestDatabase, type TestDatabase } from './database';

export interface E2eServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  stripe: StripeEmulator;
  google: GoogleEmulator;
  database: TestDatabase;
  engine: Engine;
  /** Everything the app logged, for a failing test's message. */
  logs: () => string;
  stop(): Promise<void>;
}

// One wizard bundle per test process: every test starts its own server, and building the
// bundle is the slowest part of a start on a busy machine.
let sharedAssets: Promise<WebAssets> | null = null;
function webAssets(): Promise<WebAssets> {
  sharedAssets ??= buildWebAssets().catch((error: unknown) => {
    sharedAssets = null;
    throw error;
  });
  return sharedAssets;
}

export async function startE2eServer(): Promise<E2eServer> {
  const [stripe, google, database] = await Promise.all([
    startStripeEmulator(),
    startGoogleEmulator(),
    createTestDatabase(),
    webAssets(),
  ]);
  // Listen first: the webhook URLs the app hands out must carry the real port.
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = testConfig({ stripeApiBase: stripe.url, googleApiBase: google.url, publicUrl: url, logLevel: 'info' });

  let logText = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logText += chunk.toString();
      callback();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const engine = createEngine({ db: database.db, config, logger, registry: connectors });
  const app = createApp({ db: database.db, config, logger, engine, webAssets });
  server.on('request', app);
  engine.worker.start();

  return {
    url,
    stripe,
    google,
    database,
    engine,
    logs: () => logText,
    async stop() {
      await engine.worker.stop();
      await engine.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([stripe.close(), google.close()]);
      await database.drop();
    },
  };
}
