import http from 'node:http';
import type { SecuritySettings } from '../../engine/config/security';
import { guardConnections, type ConnectionGuard } from './connection-guard';

// How often Node looks for requests past their headers/request timeout. Its default (30 s)
// let a half-sent request live up to 30 s past its timeout.
const TIMEOUT_CHECK_MS = 1000;

/**
 * The HTTP server in front of the app, with the limits that keep slow or half-open
 * clients from starving everyone else: request headers within `headersTimeoutSeconds`,
 * the whole request within `requestTimeoutSeconds`, and connection caps (connection-guard).
 */
export function createHttpServer(
  handler: http.RequestListener,
  settings: Pick<
    SecuritySettings,
    'headersTimeoutSeconds' | 'requestTimeoutSeconds' | 'maxConnections' | 'maxConnectionsPerAddress'
  >,
  isTrustedProxy?: (address: string) => boolean,
): { server: http.Server; guard: ConnectionGuard } {
  const server = http.createServer({ connectionsCheckingInterval: TIMEOUT_CHECK_MS }, handler);
  server.headersTimeout = settings.headersTimeoutSeconds * 1000;
  server.requestTimeout = settings.requestTimeoutSeconds * 1000;
  const guard = guardConnections(server, {
    maxConnections: settings.maxConnections,
    maxConnectionsPerAddress: settings.maxConnectionsPerAddress,
    firstRequestTimeoutMs: server.headersTimeout,
    isTrustedProxy,
  });
  return { server, guard };
}
