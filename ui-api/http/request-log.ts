import type { RequestHandler } from 'express';
import type { Logger } from '../../engine/log/logger';

/**
 * One line per API request: method, path (never the query string, which may hold an
 * OAuth code), status and duration. Bodies and headers are never logged.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  };
}
