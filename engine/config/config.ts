import fs from 'node:fs';
import path from 'node:path';
import { loadSecuritySettings, type SecuritySettings } from './security';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** Unset: an embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | null;
  port: number;
  dataDir: string;
  /** 32 bytes; encrypts credentials at rest. */
  secretKey: Buffer;
  /** Where the key came from, so start-up can say it once when it generated one. */
  secretKeySource: 'environment' | 'file' | 'generated';
  stripeApiBase: string;
  googleApiBase: string | null;
  logLevel: LogLevel;
  /** Public base URL used for webhook URLs and OAuth redirects. */
  publicUrl: string | null;
  googleOAuthClientId: string | null;
  googleOAuthClientSecret: string | null;
  /**
   * TRIBUTARY_RUN_LEASE_SECONDS (default 30): how long a worker's claim on a run lasts
   * without renewal. A killed worker's run is taken over once it lapses, so takeover takes
   * at most this plus one worker poll; shorter leases mean more renewal writes.
   */
  runLeaseSeconds?: number;
  /**
   * TRIBUTARY_EXPRESSION_TIMEOUT_MS (default 1000): how long one item's mapping expressions
   * may run in their worker thread before the thread is stopped and the item fails.
   */
  expressionTimeoutMs?: number;
  /** Connection, request, webhook and retention limits; unset (tests): DEFAULT_SECURITY. */
  security?: SecuritySettings;
  /**
   * SMTP_URL (optional, e.g. smtp://user:pass@mail.example.com:587 or smtps://...): when
   * set, invitation links are also emailed. Links are always shown in the product too.
   */
  smtpUrl?: string | null;
  /** SMTP_FROM (default "Tributary <tributary@localhost>"): the sender of those emails. */
  smtpFrom?: string;
  /**
   * TRIBUTARY_METRICS_TOKEN: the bearer token Prometheus sends to read /metrics. Unset,
   * /metrics is off: its figures show a whole installation's volume, every workspace's.
   */
  metricsToken?: string | null;
  /**
   * TRIBUTARY_DATABASE_POOL_SIZE (default 20): connections each process may open to
   * PostgreSQL. Every process has its own pool, so a managed server needs at least this
   * times the number of processes (plus its own reserve).
   */
  databasePoolSize?: number;
  /** TRIBUTARY_METRICS_PORT: where a worker or scheduler process serves its /metrics (unset: nowhere). */
  metricsPort?: number | null;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Tributary cannot start because of its configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseUrl(name: string, value: string, problems: string[], protocols: string[]): string {
  try {
    const url = new URL(value);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${url.protocol}//...").`);
    }
    return value.replace(/\/+$/, '');
  } catch {
    problems.push(`${name} is not a valid URL; use e.g. ${protocols[0]}//host:port.`);
    return value;
  }
}

/** A whole-number setting within [min, max], or undefined when it is not set. */
function wholeNumber(
  env: NodeJS.ProcessEnv,
  problems: string[],
  setting: { name: string; unit: string; min: number; max: number },
): number | undefined {
  const raw = env[setting.name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
    problems.push(
      `${setting.name} must be a whole number of ${setting.unit} from ${setting.min} to ${setting.max} (got "${env[setting.name]}").`,
    );
  }
  return value;
}

function parseSecretKey(raw: string, problems: string[]): Buffer | null {
  const trimmed = raw.trim();
  const candidates = [/^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : null, Buffer.from(trimmed, 'base64')];
  const key = candidates.find((c) => c?.length === 32);
  if (!key) {
    // Never echo the value: it is a secret even when malformed.
    problems.push(
      'TRIBUTARY_SECRET_KEY must be 32 bytes, written as 64 hex characters or base64 ' +
        "(make one with: node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\").",
    );
    return null;
  }
  return key;
}

/**
 * Reads and validates configuration. Every bad value is reported at once, each with
 * what to do about it. Reads/creates the secret key file only when the environment
 * gives no key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];

  const databaseUrl = env.DATABASE_URL?.trim()
    ? parseUrl('DATABASE_URL', env.DATABASE_URL.trim(), problems, ['postgres:', 'postgresql:'])
    : null;

  let port = 3000;
  if (env.PORT?.trim()) {
    port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}").`);
    }
  }

  const dataDir = path.resolve(cwd, env.TRIBUTARY_DATA_DIR?.trim() || '.tributary');

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}").`);
  }

  const stripeApiBase = parseUrl('STRIPE_API_BASE', env.STRIPE_API_BASE?.trim() || 'https://api.stripe.com', problems, [
    'http:',
    'https:',
  ]);
  const googleApiBase = env.GOOGLE_API_BASE?.trim()
    ? parseUrl('GOOGLE_API_BASE', env.GOOGLE_API_BASE.trim(), problems, ['http:', 'https:'])
    : null;
  const publicUrl = env.TRIBUTARY_PUBLIC_URL?.trim()
    ? parseUrl('TRIBUTARY_PUBLIC_URL', env.TRIBUTARY_PUBLIC_URL.trim(), problems, ['http:', 'https:'])
    : null;

  const smtpUrl = env.SMTP_URL?.trim() ? parseUrl('SMTP_URL', env.SMTP_URL.trim(), problems, ['smtp:', 'smtps:']) : null;

  const runLeaseSeconds =
    wholeNumber(env, problems, { name: 'TRIBUTARY_RUN_LEASE_SECONDS', unit: 'seconds', min: 1, max: 3600 }) ?? 30;
  const expressionTimeoutMs =
    wholeNumber(env, problems, { name: 'TRIBUTARY_EXPRESSION_TIMEOUT_MS', unit: 'milliseconds', min: 10, max: 60_000 }) ?? 1000;

  const security = loadSecuritySettings(env, problems);
  const databasePoolSize =
    wholeNumber(env, problems, { name: 'TRIBUTARY_DATABASE_POOL_SIZE', unit: 'connections', min: 2, max: 500 }) ?? 20;
  const metricsToken = env.TRIBUTARY_METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && metricsToken.length < 16) {
    // Never echo the value: it is a secret even when too short.
    problems.push('TRIBUTARY_METRICS_TOKEN must be at least 16 characters (make one with: openssl rand -hex 24).');
  }
  const metricsPort = env.TRIBUTARY_METRICS_PORT?.trim() ? Number(env.TRIBUTARY_METRICS_PORT) : null;
  if (metricsPort !== null && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) {
    problems.push(`TRIBUTARY_METRICS_PORT must be a whole number from 0 to 65535 (got "${env.TRIBUTARY_METRICS_PORT}").`);
  }

  let secretKey: Buffer | null = null;
  let secretKeySource: Config['secretKeySource'] = 'environment';
  if (env.TRIBUTARY_SECRET_KEY?.trim()) {
    secretKey = parseSecretKey(env.TRIBUTARY_SECRET_KEY, problems);
  }

  if (problems.length > 0) throw new ConfigError(problems);

  if (!secretKey) {
    const keyFile = path.join(dataDir, 'secret.key');
    if (fs.existsSync(keyFile)) {
      secretKey = parseSecretKey(fs.readFileSync(keyFile, 'utf8'), problems);
      if (!secretKey) throw new ConfigError([`${keyFile} is damaged: ${problems[0]}`]);
      secretKeySource = 'file';
    } else {
      fs.mkdirSync(dataDir, { recursive: true });
      secretKey = require('node:crypto').randomBytes(32) as Buffer;
      fs.writeFileSync(keyFile, secretKey.toString('hex') + '\n', { mode: 0o600 });
      secretKeySource = 'generated';
    }
  }

  return {
    databaseUrl,
    port,
    dataDir,
    secretKey,
    secretKeySource,
    stripeApiBase,
    googleApiBase,
    logLevel,
    publicUrl,
    googleOAuthClientId: env.GOOGLE_OAUTH_CLIENT_ID?.trim() || null,
    googleOAuthClientSecret: env.GOOGLE_OAUTH_CLIENT_SECRET?.trim() || null,
    runLeaseSeconds,
    expressionTimeoutMs,
    security,
    smtpUrl,
    smtpFrom: env.SMTP_FROM?.trim() || 'Tributary <tributary@localhost>',
    databasePoolSize,
    metricsToken,
    metricsPort,
  };
}
