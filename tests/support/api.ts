import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { connectors as shippedConnectors, type ConnectorRegistry } from '../../connectors';
import { createUserWithWorkspace } from '../../engine/auth/service';
import type { Config } from '../../engine/config/config';
import { createLogger } from '../../engine/log/logger';
import { createEngine, type Engine } from '../../engine/runtime/engine';
import { createApp } from '../../ui-api/app';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApi {
  app: Express;
  database: TestDatabase;
  config: Config;
  /** Every log line the app wrote, as text. */
  logs: () => string;
  /** Moves the app's clock. */
  advance: (ms: number) => void;
  /** The in-process engine behind the app (tests call `engine.worker.drain()`). */
  engine: Engine;
  drop: () => Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: null,
    port: 0,
    dataDir: '/nonexistent',
    secretKey: crypto.randomBytes(32),
    secretKeySource: 'environment',
    stripeApiBase: 'http://127.0.0.1:9',
    googleApiBase: 'http://127.0.0.1:9',
    logLevel: 'debug',
    publicUrl: null,
    googleOAuthClientId: null,
    googleOAuthClientSecret: null,
    ...overrides,
  };
}

/** The app on a fresh database, with a controllable clock and captured logs. */
export async function startTestApi(options: { connectors?: ConnectorRegistry; config?: Partial<Config> } = {}): Promise<TestApi> {
  const database = await createTestDatabase();
  const config = testConfig(options.config);
  let logText = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logText += chunk.toString();
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  // Starts at the real time: supertest's cookie jar drops cookies that expired by the wall clock.
  let now = Date.now();
  const clock = () => new Date(now);
  const engine = createEngine({ db: database.db, config, logger, registry: options.connectors ?? shippedConnectors, clock });
  const app = createApp({ db: database.db, config, logger, connectors: options.connectors, clock, engine });
  return {
    app,
    database,
    config,
    engine,
    logs: () => logText,
    advance: (ms) => (now += ms),
    drop: async () => {
      await engine.close();
      await database.drop();
    },
  };
}

export interface LoggedIn {
  agent: request.Agent;
  csrfToken: string;
  workspaceId: string;
  /** An agent call with the CSRF header already set. */
  post: (path: string) => request.Test;
  put: (path: string) => request.Test;
  patch: (path: string) => request.Test;
  del: (path: string) => request.Test;
  get: (path: string) => request.Test;
}

function loggedIn(agent: request.Agent, csrfToken: string, workspaceId: string): LoggedIn {
  return {
    agent,
    csrfToken,
    workspaceId,
    post: (path) => agent.post(path).set('X-CSRF-Token', csrfToken),
    put: (path) => agent.put(path).set('X-CSRF-Token', csrfToken),
    patch: (path) => agent.patch(path).set('X-CSRF-Token', csrfToken),
    del: (path) => agent.delete(path).set('X-CSRF-Token', csrfToken),
    get: (path) => agent.get(path),
  };
}

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery', workspaceName: 'Acme' };

/** Runs first-run setup as OWNER and returns the logged-in browser. */
export async function setupOwner(app: Express): Promise<LoggedIn> {
  const agent = request.agent(app);
  const response = await agent.post('/api/setup').send(OWNER).expect(201);
  return loggedIn(agent, response.body.csrfToken, response.body.workspace.id);
}

export async function logIn(app: Express, credentials: { email: string; password: string }): Promise<LoggedIn> {
  const agent = request.agent(app);
  const response = await agent.post('/api/login').send(credentials).expect(200);
  return loggedIn(agent, response.body.csrfToken, response.body.workspace.id);
}

/** A second tenant (own user and workspace), logged in. */
export async function otherTenant(api: TestApi, email = 'rival@example.com'): Promise<LoggedIn> {
  const password = 'another long password';
  await createUserWithWorkspace({ db: api.database.db, email, password, workspaceName: 'Rival' });
  return logIn(api.app, { email, password });
}

/** Adds a connector account (Stripe key, Google service account...) and returns its id. */
export async function addAccount(
  as: LoggedIn,
  connector: string,
  name: string,
  credentials: Record<string, string>,
): Promise<string> {
  const response = await as.post('/api/accounts').send({ connector, name, credentials }).expect(201);
  return response.body.id as string;
}
