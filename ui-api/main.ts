import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../engine/config/config';
import { createLogger } from '../engine/log/logger';
import { openDatabase } from '../engine/runtime/database';
import { connectors } from '../connectors';
import { createEngine } from '../engine/runtime/engine';
import express from 'express';
import { processRegistry } from '../engine/metrics';
import { createApp } from './app';
import { securityOf } from '../engine/config/security';
import { createHttpServer } from './http/server';
import { metricsRouter } from './routes/metrics';

type Role = 'all' | 'worker' | 'scheduler';

function roleFromArgs(argv: string[]): Role {
  const arg = argv.find((value) => value.startsWith('--role='));
  const role = arg ? arg.slice('--role='.length) : 'all';
  if (role !== 'all' && role !== 'worker' && role !== 'scheduler') {
    console.error(`Unknown --role=${role}: use worker or scheduler, or leave it out to run everything.`);
    process.exit(1);
  }
  return role;
}

async function listen(server: http.Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
}

// One process runs the API, the scheduler and the worker by default; `--role=worker`
// or `--role=scheduler` run one part only, against the same DATABASE_URL.
async function main(): Promise<void> {
  const role = roleFromArgs(process.argv.slice(2));
  try {
    process.loadEnvFile?.('.env');
  } catch {
    // No .env: the environment alone configures the product.
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  if (config.secretKeySource === 'generated') {
    logger.warn(
      { file: `${config.dataDir}/secret.key` },
      'TRIBUTARY_SECRET_KEY is unset: generated a new key into the data folder. Back it up; credentials cannot be read without it.',
    );
  }

  // Without DATABASE_URL, a worker or scheduler joins the embedded PostgreSQL that
  // `npm start` runs in the same data folder.
  const database = await openDatabase(config, logger, role === 'all' ? 'start' : 'join');
  const engine = createEngine({ db: database.db, config, logger, registry: connectors });
  let server: http.Server | null = null;
  if (role === 'all') {
    const app = createApp({ db: database.db, config, logger, engine });
    const trustProxy = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
    server = createHttpServer(app, securityOf(config), (address) => trustProxy(address, 0)).server;
    await listen(server, config.port);
  }
  // A worker or scheduler counts what it does itself (items, Stripe's 429s, lateness):
  // Prometheus scrapes each such process on its own port.
  let metricsServer: http.Server | null = null;
  if (role !== 'all' && config.metricsPort != null) {
    const metricsApp = express();
    metricsApp.use(metricsRouter({ token: config.metricsToken, registries: [processRegistry] }));
    metricsServer = http.createServer(metricsApp);
    await listen(metricsServer, config.metricsPort);
    const { port } = metricsServer.address() as AddressInfo;
    logger.info({ port }, 'metrics at /metrics');
  }
  if (role !== 'scheduler') engine.worker.start();
  if (role !== 'worker') {
    engine.scheduler.start();
    engine.retention.start();
  }
  if (server) {
    const { port } = server.address() as AddressInfo;
    const url = `http://localhost:${port}`;
    logger.info({ url, embeddedDatabase: database.embedded }, 'Tributary is running');
    console.log(`Tributary is running at ${url}`);
  } else {
    logger.info({ role, workerId: engine.worker.id }, 'Tributary is running');
    console.log(`Tributary ${role} is running (${engine.worker.id})`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    if (server) {
      const closing = server;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    }
    metricsServer?.closeAllConnections();
    metricsServer?.close();
    // The worker records the items it has in flight and hands unfinished runs back.
    await engine.scheduler.stop();
    await engine.retention.stop();
    await engine.worker.stop();
    await engine.expressions.close();
    await engine.close();
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  // The embedded PostgreSQL package stops the server and exits with 143 on these signals
  // (async-exit-hook), racing the worker, which still needs the database to record what it
  // sent and hand its runs back. `stop` stops that server itself, last.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // A closed terminal: stop cleanly rather than leave PostgreSQL running.
  process.on('SIGHUP', () => void stop('SIGHUP'));
}

main().catch((error: unknown) => {
  console.error(`Tributary could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
