import express, { Express } from 'express';
import type { Config } from '../engine/config/config';
import type { Logger } from '../engine/log/logger';
import type { Db } from '../engine/store/db';
import { errorMiddleware, notFoundRoute } from './http/error-middleware';
import { healthRoutes } from './routes/health';

export interface AppDependencies {
  db: Db;
  config: Config;
  logger: Logger;
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  const api = express.Router();
  api.use(express.json({ limit: '1mb' }));
  api.use(healthRoutes(deps.db));
  api.use(notFoundRoute);
  app.use('/api', api);

  app.use(errorMiddleware(deps.logger));
  return app;
}
