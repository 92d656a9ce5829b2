import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './start';

/**
 * A throwaway cluster in a fresh temporary folder, for the test suite and benchmarks;
 * stop() deletes it. The folder is opened to other users (0755) because, as root, the
 * server runs as the `postgres` user, which could not enter mkdtemp's 0700 folder (the
 * cluster then went to /var/lib/tributary and outlived the run).
 */
export async function startTemporaryPostgres(prefix = 'tributary-pg-'): Promise<EmbeddedDatabase> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(folder, 0o755);
  const remove = (dataDir?: string) => {
    fs.rmSync(folder, { recursive: true, force: true });
    // A TMPDIR inside a private folder still makes the cluster live elsewhere.
    if (dataDir && !dataDir.startsWith(`${folder}/`)) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let server: EmbeddedDatabase;
  try {
    server = await startEmbeddedPostgres({ dataDir: path.join(folder, 'data') });
  } catch (error) {
    remove();
    throw error;
  }
  return {
    ...server,
    async stop() {
      await server.stop();
      remove(server.dataDir);
    },
  };
}
