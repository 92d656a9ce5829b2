import type { RequestHandler } from 'express';

/**
 * API answers carry secrets (a new API token, CSRF tokens) and workspace data: no cache
 * (browser, proxy) may keep them, and no browser may guess they are anything but JSON.
 */
export const apiSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};
