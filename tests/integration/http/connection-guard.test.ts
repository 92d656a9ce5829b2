import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SECURITY } from '../../../engine/config/security';
import { addressKey } from '../../../ui-api/http/connection-guard';
import { createHttpServer } from '../../../ui-api/http/server';
import { IdleConnections, openIdleConnections } from '../../support/idle-connections';

let server: http.Server;
let port: number;
const attacks: IdleConnections[] = [];

async function start(settings: Partial<typeof DEFAULT_SECURITY>, isTrustedProxy?: (address: string) => boolean) {
  const created = createHttpServer((_req, res) => res.end('ok'), { ...DEFAULT_SECURITY, ...settings }, isTrustedProxy);
  server = created.server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return created.guard;
}

async function attack(localAddress: string, count: number): Promise<IdleConnections> {
  const opened = await openIdleConnections({ port, localAddress, count });
  attacks.push(opened);
  return opened;
}

const health = async () => (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) })).status;

afterEach(async () => {
  attacks.splice(0).forEach((a) => a.destroy());
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('one address opening more half-sent requests than its cap is cut at the cap; others are still served', async () => {
  const guard = await start({ maxConnectionsPerAddress: 20 });
  const idle = await attack('127.0.0.2', 200);
  await idle.untilClosed(180);

  expect(idle.closed()).toBe(180);
  expect(await health()).toBe(200);
  expect(guard.stats()).toMatchObject({ refused: 180 });
});

test('half-sent requests from many addresses filling the server: a prompt client still gets in, the longest idle makes room', async () => {
  const guard = await start({ maxConnections: 100, maxConnectionsPerAddress: 20 });
  for (let n = 2; n <= 7; n++) await attack(`127.0.0.${n}`, 20);
  await Promise.all(attacks.map((a, index) => (index < 1 ? a.untilClosed(20) : Promise.resolve())));

  expect(guard.stats()).toMatchObject({ open: 100, evicted: 20 });
  expect(await health()).toBe(200);
  // The oldest attacker connections made room, not the newest.
  expect(attacks[0]!.closed()).toBe(20);
  expect(attacks[5]!.closed()).toBe(0);
});

test('connections whose headers never finish, or that send nothing at all, are closed after the headers timeout', async () => {
  await start({ headersTimeoutSeconds: 1, requestTimeoutSeconds: 1 });
  const halfSent = await attack('127.0.0.2', 5);
  const silent = await openIdleConnections({ port, localAddress: '127.0.0.3', count: 5, send: '' });
  attacks.push(silent);
  // Waits on the server closing them; the test's own timeout is the bound.
  await Promise.all([halfSent.untilClosed(5), silent.untilClosed(5)]);
  expect(await health()).toBe(200);
});

test('a trusted proxy’s address has no per-address cap (it carries many clients)', async () => {
  const guard = await start({ maxConnectionsPerAddress: 5 }, (address) => address === '127.0.0.3');
  const proxied = await attack('127.0.0.3', 30);
  const direct = await attack('127.0.0.4', 30);
  await direct.untilClosed(25);
  // Counted by what this test's clients see (another process on the machine may connect to any port).
  expect(guard.stats().refused).toBe(25);
  expect(direct.closed()).toBe(25);
  expect(proxied.closed()).toBe(0);
});

test('IPv6 clients are counted per /64, IPv4 per address', () => {
  expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:1:2:3'));
  expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
  expect(addressKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
  expect(addressKey('::1')).toBe('0:0:0:0::/64');
});
