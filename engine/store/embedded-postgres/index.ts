import net from 'node:net';

export { runningEmbeddedPostgresUrl, startEmbeddedPostgres, type EmbeddedDatabase } from './start';
export { startTemporaryPostgres } from './temporary';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
