import crypto from 'node:crypto';
import { Router } from 'express';
import { Registry } from 'prom-client';

/**
 * GET /metrics in Prometheus' text format. Off unless a token is configured: the figures
 * are the whole installation's (every workspace's volume), so reading them takes
 * `Authorization: Bearer <TRIBUTARY_METRICS_TOKEN>`, which Prometheus sends with
 * `authorization: { credentials: ... }` in its scrape config.
 */
export function metricsRouter(args: { token: string | null | undefined; registries: Registry[] }): Router {
  const router = Router();
  const registry = Registry.merge(args.registries);
  const expected = args.token ? crypto.createHash('sha256').update(args.token).digest() : null;
  router.get('/metrics', async (req, res) => {
    if (!expected) {
      res
        .status(404)
        .type('text/plain')
        .send('Metrics are off. Set TRIBUTARY_METRICS_TOKEN and scrape with the header Authorization: Bearer <token>.\n');
      return;
    }
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
    // Hashes of equal length, so the comparison takes the same time whatever was sent.
    if (!crypto.timingSafeEqual(crypto.createHash('sha256').update(given).digest(), expected)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .type('text/plain')
        .send('Send the header Authorization: Bearer <TRIBUTARY_METRICS_TOKEN>.\n');
      return;
    }
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
