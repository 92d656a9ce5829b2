import fs from 'node:fs';
import type { EmbeddedDatabase } from '../../engine/store/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<string, unknown>).__tributaryPostgres as
    { server: EmbeddedDatabase; dataDir: string } | undefined;
  if (!handle) return;
  await handle.server.stop();
  fs.rmSync(handle.dataDir, { recursive: true, force: true });
}
