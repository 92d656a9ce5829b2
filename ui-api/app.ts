import express, { Express } from 'express';
import { connectors as shippedConnectors, ConnectorRegistry } from '../connectors';
import type { Config } from '../engine/config/config';
import { securityOf } from '../engine/config/security';
import type { Logger } from '../engine/log/logger';
import type { Db } from '../engine/store/db';
import { authenticate } from './http/auth';
import type { RouteDependencies } from './http/dependencies';
import { errorMiddleware, notFoundRoute } from './http/error-middleware';
import { hooksRouter } from './hooks';
import { runForNewPayload } from '../engine/runs/service';
import { requestLog } from './http/request-log';
import { apiSecurityHeaders } from './http/security-headers';
import { storableBody } from './http/storable-body';
import { openApiDocument } from './openapi/document';
import { accountRoutes } from './routes/accounts';
import { connectorRoutes } from './routes/connectors';
import { healthRoutes } from './routes/health';
import { metricsRouter } from './routes/metrics';
import { processRegistry, queueMetrics } from '../engine/metrics';
import { sessionRoutes } from './routes/session';
import { tokenRoutes } from './routes/tokens';
import { connectionRoutes } from './routes/connections';
import { runRoutes } from './routes/runs';
import { scheduleRoutes } from './routes/schedules';
import { createEngine, type Engine } from '../engine/runtime/engine';
import { webRouter, type WebAssets } from './web/server';
import { smtpMailer, type Mailer } from '../engine/teams/mail';
import type { TeamDeps } from '../engine/teams/invitations';
import { memberRoutes } from './routes/members';
import { joinRoutes } from './routes/join';
import { auditRoutes } from './routes/audit';
import { workspaceRoutes } from './routes/workspaces';

export interface AppDependencies {
  db: Db;
  config: Config;
  logger: Logger;
  /** Default: every connector the product ships. Tests may pass their own. */
  connectors?: ConnectorRegistry;
  /** Default: the system clock. */
  clock?: () => Date;
  /** The engine the API hands work to; default: one built from these dependencies. */
  engine?: Engine;
  /** The wizard's bundle; default: built on first request. Tests share one build across apps. */
  webAssets?: () => Promise<WebAssets>;
  /** Sends invitation emails; default: SMTP_URL's, or none. */
  mailer?: Mailer | null;
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  const security = securityOf(deps.config);
  // X-Forwarded-For is believed only from the proxies the operator named: anyone else could
  // pick their own address and escape the login throttle.
  app.set('trust proxy', security.trustProxy);
  const routeDeps: RouteDependencies = {
    db: deps.db,
    config: deps.config,
    logger: deps.logger,
    connectors: deps.connectors ?? shippedConnectors,
    clock: deps.clock ?? (() => new Date()),
  };

  const engine =
    deps.engine ??
    createEngine({
      db: deps.db,
      config: deps.config,
      logger: deps.logger,
      registry: routeDeps.connectors,
      clock: routeDeps.clock,
    });

  const team: TeamDeps = {
    db: deps.db,
    clock: routeDeps.clock,
    publicUrl: engine.connections.publicUrl,
    mailer: deps.mailer === undefined ? smtpMailer(deps.config) : deps.mailer,
  };

  const api = express.Router();
  api.use(requestLog(deps.logger));
  api.use(apiSecurityHeaders);
  api.use(express.json({ limit: '1mb' }));
  api.use(storableBody);
  // Resolves req.auth for every /api route; routes opt in to requiring it (defineRoute / requireAuth).
  api.use(authenticate(routeDeps));
  api.use(healthRoutes(deps.db));
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  api.use(sessionRoutes(routeDeps));
  api.use(tokenRoutes(routeDeps));
  api.use(memberRoutes(team));
  api.use(joinRoutes(team));
  api.use(auditRoutes(deps.db));
  api.use(workspaceRoutes(deps.db));
  api.use(accountRoutes(routeDeps));
  api.use(connectorRoutes(routeDeps));
  api.use(connectionRoutes(routeDeps, engine));
  api.use(runRoutes(routeDeps, engine));
  api.use(scheduleRoutes(engine));
  // Further /api routers mount here, before the catch-all below.
  api.use(notFoundRoute);
  app.use('/api', api);
  // At the root, where Prometheus looks by default; the whole queue's figures and this process's own.
  app.use(
    metricsRouter({ token: deps.config.metricsToken, registries: [processRegistry, queueMetrics(deps.db, routeDeps.clock)] }),
  );
  app.use(
    '/hooks',
    apiSecurityHeaders,
    hooksRouter({
      ...deps,
      maxPendingPayloads: security.webhookMaxPending,
      connectors: routeDeps.connectors,
      onPayloadStored: async (connectionId, workspaceId) => {
        // This process's worker, when it has room, starts the run itself: no queue, no wake-up.
        if ((await engine.worker.startNow({ workspaceId, connectionId, trigger: 'webhook' })) !== 'no-room') return;
        if (await runForNewPayload({ db: deps.db, connectionId, workspaceId })) engine.worker.poke();
      },
    }),
  );
  // The wizard: after /api and /hooks, it answers every other GET with the single page.
  app.use(webRouter({ assets: deps.webAssets }));

  app.use(errorMiddleware(deps.logger));
  return app;
}
