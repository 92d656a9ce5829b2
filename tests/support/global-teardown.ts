import type { EmbeddedDatabase } from '../../engine/store/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__tributaryPostgres as EmbeddedDatabase | undefined;
  await server?.stop();
}
