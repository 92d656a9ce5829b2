import { Router } from 'express';
import { maskSecretsInText } from '../../engine/log/logger';
import { pendingMigrations } from '../../migrations';
import type { Db } from '../../engine/store/db';
import { databaseVersion } from '../../engine/store/db';

/**
 * For load balancers and orchestrators. /health: the process answers (and says which
 * PostgreSQL it uses). /ready: it can serve, i.e. the database answers and every migration
 * this version ships has been applied; 503 with the reason otherwise, so a new version
 * receives traffic only once its schema is in place.
 */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const version = await databaseVersion(db);
    res.json({ status: 'ok', database: { status: 'ok', version } });
  });
  router.get('/ready', async (_req, res) => {
    let pending: string[];
    try {
      pending = await pendingMigrations(db);
    } catch (error) {
      res.status(503).json({
        status: 'unavailable',
        database: { status: 'unreachable', message: maskSecretsInText(error instanceof Error ? error.message : String(error)) },
      });
      return;
    }
    if (pending.length > 0) {
      res.status(503).json({ status: 'unavailable', database: { status: 'ok' }, migrations: { status: 'pending', pending } });
      return;
    }
    res.json({ status: 'ready', database: { status: 'ok' }, migrations: { status: 'applied' } });
  });
  return router;
}
