import type http from 'node:http';
import net from 'node:net';

export interface ConnectionLimits {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /**
   * A connection that has not completed a request's headers this long after opening is
   * closed. Node's own headersTimeout only starts at the first byte, so a client that
   * connects and sends nothing would otherwise hold its connection forever.
   */
  firstRequestTimeoutMs: number;
  /** A reverse proxy carries many clients on its connections: its address has no cap of its own. */
  isTrustedProxy?: (address: string) => boolean;
}

export interface ConnectionGuard {
  /** Open connections now, and how many were refused or closed to make room so far. */
  stats(): { open: number; refused: number; evicted: number };
}

/**
 * The address a per-address cap counts: IPv4 as is (also when mapped into IPv6), IPv6 by its
 * /64, since anyone with one IPv6 address usually holds the whole /64 around it.
 */
export function addressKey(remoteAddress: string | undefined): string {
  const address = remoteAddress ?? '';
  if (net.isIPv4(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!net.isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Caps open connections in total and per client address, so connections that never finish
 * their headers (slow-loris) cannot use up the process's file descriptors.
 *
 * A connection is idle while it has not finished a request's headers, or waits between
 * keep-alive requests. A newcomer over its address's cap is closed at once. A newcomer
 * over the total cap closes the connection that has been idle longest instead, and is
 * refused only when none is idle: so a crowd of half-open connections from many
 * addresses cannot keep out a client that sends its request promptly. The headers and
 * request timeouts (see createHttpServer) then close what is left.
 */
export function guardConnections(server: http.Server, limits: ConnectionLimits): ConnectionGuard {
  const addressOf = new Map<net.Socket, string>();
  const perAddress = new Map<string, number>();
  // Insertion order is the order they became idle: the first is the longest idle.
  const idle = new Set<net.Socket>();
  const served = new WeakSet<net.Socket>();
  let refused = 0;
  let evicted = 0;

  // Idempotent: an evicted socket is forgotten at once (its 'close' comes later), so a burst
  // of newcomers in one tick evicts one connection each, not the same one again.
  const forget = (socket: net.Socket) => {
    const key = addressOf.get(socket);
    if (key === undefined) return;
    addressOf.delete(socket);
    idle.delete(socket);
    const left = (perAddress.get(key) ?? 1) - 1;
    if (left > 0) perAddress.set(key, left);
    else perAddress.delete(key);
  };

  const setIdle = (socket: net.Socket) => {
    idle.delete(socket);
    if (addressOf.has(socket) && !socket.destroyed) idle.add(socket);
  };

  server.on('connection', (socket: net.Socket) => {
    const key = addressKey(socket.remoteAddress);
    const capped = !limits.isTrustedProxy?.(socket.remoteAddress ?? '');
    if (capped && (perAddress.get(key) ?? 0) >= limits.maxConnectionsPerAddress) {
      refused += 1;
      socket.destroy();
      return;
    }
    if (addressOf.size >= limits.maxConnections) {
      const oldest = idle.values().next().value;
      if (!oldest) {
        refused += 1;
        socket.destroy();
        return;
      }
      evicted += 1;
      forget(oldest);
      oldest.destroy();
    }
    addressOf.set(socket, key);
    perAddress.set(key, (perAddress.get(key) ?? 0) + 1);
    idle.add(socket);
    const silent = setTimeout(() => {
      if (!served.has(socket)) socket.destroy();
    }, limits.firstRequestTimeoutMs);
    socket.once('close', () => {
      clearTimeout(silent);
      forget(socket);
    });
  });

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    served.add(socket);
    idle.delete(socket);
    res.once('close', () => setIdle(socket));
  });

  return { stats: () => ({ open: addressOf.size, refused, evicted }) };
}
