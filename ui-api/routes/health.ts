import { Router } from 'express';
import type { Db } from '../../engine/store/db';
import { databaseVersion } from '../../engine/store/db';

export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const version = await databaseVersion(db);
    res.json({ status: 'ok', database: { status: 'ok', version } });
  });
  return router;
}
