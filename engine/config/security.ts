import net from 'node:net';

/** Limits that keep one client, sender or old record from exhausting the server (README: Security). */
export interface SecuritySettings {
  /**
   * TRIBUTARY_TRUST_PROXY: whose X-Forwarded-For / X-Forwarded-Proto to believe. false
   * (default): nobody's, the client address is the TCP peer. A number: that many proxies
   * in front. A list: the proxies' addresses, subnets or loopback/linklocal/uniquelocal.
   */
  trustProxy: false | number | string[];
  /** TRIBUTARY_HEADERS_TIMEOUT_SECONDS: a client must send its request headers within this. */
  headersTimeoutSeconds: number;
  /** TRIBUTARY_REQUEST_TIMEOUT_SECONDS: ... and its whole request (headers and body) within this. */
  requestTimeoutSeconds: number;
  /** TRIBUTARY_MAX_CONNECTIONS: open connections in total. */
  maxConnections: number;
  /** TRIBUTARY_MAX_CONNECTIONS_PER_ADDRESS: open connections from one address (an IPv6 /64). */
  maxConnectionsPerAddress: number;
  /** TRIBUTARY_WEBHOOK_MAX_PENDING: unprocessed payloads one webhook connection may hold. */
  webhookMaxPending: number;
  /** TRIBUTARY_RETENTION_DAYS: processed webhook payloads and run items older than this are removed. */
  retentionDays: number;
}

export const DEFAULT_SECURITY: SecuritySettings = {
  trustProxy: false,
  headersTimeoutSeconds: 10,
  requestTimeoutSeconds: 30,
  maxConnections: 1000,
  maxConnectionsPerAddress: 100,
  webhookMaxPending: 10_000,
  retentionDays: 30,
};

/** The settings of a config, defaults for a config built without them (tests). */
export function securityOf(config: { security?: SecuritySettings }): SecuritySettings {
  return config.security ?? DEFAULT_SECURITY;
}

function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  range: { min: number; max: number; unit: string },
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < range.min || value > range.max) {
    problems.push(`${name} must be a whole number of ${range.unit} from ${range.min} to ${range.max} (got "${env[name]}").`);
    return fallback;
  }
  return value;
}

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = net.isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

function parseTrustProxy(raw: string | undefined, problems: string[]): SecuritySettings['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 10) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (value !== 'true' && entries.every(isAddressOrSubnet)) return entries;
  problems.push(
    `TRIBUTARY_TRUST_PROXY must name the proxies in front of Tributary: their addresses or subnets ` +
      `(e.g. "loopback" or "10.0.0.0/8, 192.168.1.7"), or how many there are (1-10); leave it unset without a proxy ` +
      `(got "${raw}"). "true" is refused: it would let any client choose its own address.`,
  );
  return false;
}

/** Reads every setting, adding one line per bad value to `problems`. */
export function loadSecuritySettings(env: NodeJS.ProcessEnv, problems: string[]): SecuritySettings {
  const d = DEFAULT_SECURITY;
  const seconds = (name: string, fallback: number) =>
    wholeNumber(env, name, fallback, { min: 1, max: 3600, unit: 'seconds' }, problems);
  const count = (name: string, fallback: number, unit: string, max: number) =>
    wholeNumber(env, name, fallback, { min: 1, max, unit }, problems);
  const headersTimeoutSeconds = seconds('TRIBUTARY_HEADERS_TIMEOUT_SECONDS', d.headersTimeoutSeconds);
  const requestTimeoutSeconds = seconds('TRIBUTARY_REQUEST_TIMEOUT_SECONDS', d.requestTimeoutSeconds);
  if (requestTimeoutSeconds < headersTimeoutSeconds) {
    problems.push(
      `TRIBUTARY_REQUEST_TIMEOUT_SECONDS (${requestTimeoutSeconds}) must be at least TRIBUTARY_HEADERS_TIMEOUT_SECONDS ` +
        `(${headersTimeoutSeconds}): the headers are part of the request.`,
    );
  }
  return {
    trustProxy: parseTrustProxy(env.TRIBUTARY_TRUST_PROXY, problems),
    headersTimeoutSeconds,
    requestTimeoutSeconds,
    maxConnections: count('TRIBUTARY_MAX_CONNECTIONS', d.maxConnections, 'connections', 1_000_000),
    maxConnectionsPerAddress: count(
      'TRIBUTARY_MAX_CONNECTIONS_PER_ADDRESS',
      d.maxConnectionsPerAddress,
      'connections',
      1_000_000,
    ),
    webhookMaxPending: count('TRIBUTARY_WEBHOOK_MAX_PENDING', d.webhookMaxPending, 'payloads', 100_000_000),
    retentionDays: count('TRIBUTARY_RETENTION_DAYS', d.retentionDays, 'days', 36_500),
  };
}
