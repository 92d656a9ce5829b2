import net from 'node:net';

export interface IdleConnections {
  sockets: net.Socket[];
  /** How many the server has closed so far. */
  closed(): number;
  /** Resolves once the server has closed at least `count` of them. */
  untilClosed(count: number): Promise<void>;
  destroy(): void;
}

/**
 * Opens `count` connections from `localAddress` (any 127.x.y.z works on Linux loopback)
 * that start a request and never finish its headers, as a slow-loris client does.
 */
export async function openIdleConnections(args: {
  port: number;
  localAddress: string;
  count: number;
  /** What each sends before going quiet (default: the start of a request, without its end). */
  send?: string;
}): Promise<IdleConnections> {
  const send = args.send ?? 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n';
  let closed = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const onClose = () => {
    closed += 1;
    for (const waiter of waiters.filter((w) => closed >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const sockets = await Promise.all(
    Array.from(
      { length: args.count },
      () =>
        new Promise<net.Socket>((resolve) => {
          const socket = net.connect({ host: '127.0.0.1', port: args.port, localAddress: args.localAddress });
          socket.on('error', () => undefined);
          // Read (and drop) what the server answers, e.g. its 408: a paused socket with unread
          // data never emits 'end', so it would never be seen to close.
          socket.resume();
          socket.once('close', onClose);
          socket.once('connect', () => {
            if (send) socket.write(send);
            resolve(socket);
          });
          // Refused or dropped before connecting: counted as closed, still settled.
          socket.once('close', () => resolve(socket));
        }),
    ),
  );
  return {
    sockets,
    closed: () => closed,
    untilClosed: (count) =>
      closed >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    destroy: () => sockets.forEach((socket) => socket.destroy()),
  };
}
