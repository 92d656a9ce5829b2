import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../engine/config/config';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-config-'));
}

describe('configuration', () => {
  it('uses the documented defaults when nothing is set', () => {
    const cwd = tempDir();
    const config = loadConfig({}, cwd);
    expect(config).toMatchObject({
      databaseUrl: null,
      port: 3000,
      dataDir: path.join(cwd, '.tributary'),
      stripeApiBase: 'https://api.stripe.com',
      googleApiBase: null,
      logLevel: 'info',
      secretKeySource: 'generated',
      expressionTimeoutMs: 1000,
    });
    expect(config.secretKey).toHaveLength(32);
  });

  it('generates the secret key once and reads the same key on the next start', () => {
    const cwd = tempDir();
    const first = loadConfig({}, cwd);
    const second = loadConfig({}, cwd);
    expect(second.secretKeySource).toBe('file');
    expect(second.secretKey.equals(first.secretKey)).toBe(true);
  });

  it('reports every bad value at once, each with what to do, without echoing the secret', () => {
    const badSecret = 'not-a-real-key-please-never-print-me';
    let error: unknown;
    try {
      loadConfig(
        {
          PORT: '70000',
          DATABASE_URL: 'mysql://localhost/x',
          STRIPE_API_BASE: 'not a url',
          LOG_LEVEL: 'chatty',
          TRIBUTARY_SECRET_KEY: badSecret,
        },
        tempDir(),
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number from 0 to 65535/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres:/);
    expect(problems.join('\n')).toMatch(/STRIPE_API_BASE is not a valid URL/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/TRIBUTARY_SECRET_KEY must be 32 bytes/);
    expect((error as Error).message).not.toContain(badSecret);
  });

  it('accepts a hex secret key and strips trailing slashes from base URLs', () => {
    const key = 'ab'.repeat(32);
    const config = loadConfig({ TRIBUTARY_SECRET_KEY: key, STRIPE_API_BASE: 'http://127.0.0.1:12111/' }, tempDir());
    expect(config.secretKey.toString('hex')).toBe(key);
    expect(config.stripeApiBase).toBe('http://127.0.0.1:12111');
  });

  it('reads the expression deadline, and refuses one that is not a sensible number of milliseconds', () => {
    expect(loadConfig({ TRIBUTARY_EXPRESSION_TIMEOUT_MS: '250' }, tempDir()).expressionTimeoutMs).toBe(250);
    for (const bad of ['0', '1.5', 'soon', '600000']) {
      expect(() => loadConfig({ TRIBUTARY_EXPRESSION_TIMEOUT_MS: bad }, tempDir())).toThrow(
        `TRIBUTARY_EXPRESSION_TIMEOUT_MS must be a whole number of milliseconds from 10 to 60000 (got "${bad}")`,
      );
    }
  });

  it('reads the pool size, the metrics token and port, refusing a short token without echoing it and a port out of range', () => {
    const config = loadConfig({ TRIBUTARY_METRICS_TOKEN: 'x'.repeat(24), TRIBUTARY_METRICS_PORT: '9464' }, tempDir());
    expect(config.metricsToken).toBe('x'.repeat(24));
    expect(config.metricsPort).toBe(9464);
    expect(loadConfig({}, tempDir())).toMatchObject({ metricsToken: null, metricsPort: null, databasePoolSize: 20 });
    expect(loadConfig({ TRIBUTARY_DATABASE_POOL_SIZE: '8' }, tempDir()).databasePoolSize).toBe(8);
    expect(() => loadConfig({ TRIBUTARY_DATABASE_POOL_SIZE: '1' }, tempDir())).toThrow(
      'TRIBUTARY_DATABASE_POOL_SIZE must be a whole number of connections from 2 to 500 (got "1")',
    );
    expect(() => loadConfig({ TRIBUTARY_METRICS_TOKEN: 'short-secret' }, tempDir())).toThrow(
      'TRIBUTARY_METRICS_TOKEN must be at least 16 characters',
    );
    expect(() => loadConfig({ TRIBUTARY_METRICS_TOKEN: 'short-secret' }, tempDir())).not.toThrow(/short-secret/);
    expect(() => loadConfig({ TRIBUTARY_METRICS_PORT: '70000' }, tempDir())).toThrow(
      'TRIBUTARY_METRICS_PORT must be a whole number from 0 to 65535 (got "70000")',
    );
  });
});
