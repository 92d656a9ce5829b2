import { DEFAULT_SECURITY, loadSecuritySettings } from '../../engine/config/security';

const load = (env: NodeJS.ProcessEnv) => {
  const problems: string[] = [];
  return { settings: loadSecuritySettings(env, problems), problems };
};

describe('security settings', () => {
  it('default to no trusted proxy, 10 s / 30 s timeouts, 1,000 connections (100 per address), 10,000 pending payloads, 30 days', () => {
    expect(load({})).toEqual({
      problems: [],
      settings: {
        trustProxy: false,
        headersTimeoutSeconds: 10,
        requestTimeoutSeconds: 30,
        maxConnections: 1000,
        maxConnectionsPerAddress: 100,
        webhookMaxPending: 10_000,
        retentionDays: 30,
      },
    });
    expect(load({}).settings).toEqual(DEFAULT_SECURITY);
  });

  it('trust forwarded headers only from the proxies named, or from a number of hops', () => {
    expect(load({ TRIBUTARY_TRUST_PROXY: 'loopback' }).settings.trustProxy).toEqual(['loopback']);
    expect(load({ TRIBUTARY_TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,::1' }).settings.trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      '::1',
    ]);
    expect(load({ TRIBUTARY_TRUST_PROXY: '2' }).settings.trustProxy).toBe(2);
    expect(load({ TRIBUTARY_TRUST_PROXY: 'false' }).settings.trustProxy).toBe(false);
  });

  it('refuse "true", unknown names and bad subnets for the proxy, and out-of-range numbers, naming each', () => {
    for (const value of ['true', 'everyone', '10.0.0.0/33', '0']) {
      const { problems } = load({ TRIBUTARY_TRUST_PROXY: value });
      expect(problems).toEqual([expect.stringContaining(`TRIBUTARY_TRUST_PROXY must name the proxies`)]);
    }
    const { problems } = load({
      TRIBUTARY_RETENTION_DAYS: '0',
      TRIBUTARY_MAX_CONNECTIONS: 'lots',
      TRIBUTARY_HEADERS_TIMEOUT_SECONDS: '60',
      TRIBUTARY_REQUEST_TIMEOUT_SECONDS: '20',
    });
    expect(problems).toEqual([
      expect.stringContaining('TRIBUTARY_REQUEST_TIMEOUT_SECONDS (20) must be at least TRIBUTARY_HEADERS_TIMEOUT_SECONDS (60)'),
      'TRIBUTARY_MAX_CONNECTIONS must be a whole number of connections from 1 to 1000000 (got "lots").',
      'TRIBUTARY_RETENTION_DAYS must be a whole number of days from 1 to 36500 (got "0").',
    ]);
  });
});
