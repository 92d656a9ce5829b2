import { createRetention, type SweepResult } from '../../../engine/retention';
import type { Db } from '../../../engine/store/db';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { createWorkspace } from '../webhooks/fixtures';

// Retention tests drive time with a fixed "now" and rows dated relative to it.
const DAY = 24 * 60 * 60 * 1000;
export const NOW = new Date('2026-11-30T12:00:00Z');
export const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * DAY);

export interface RetentionTestbed {
  db: Db;
  workspaceId: string;
  /** One sweep at NOW with 30 days kept, `batchSize` rows per statement. */
  sweep(batchSize?: number): Promise<SweepResult>;
}

/** A database and workspace of the file's own, made before its tests and dropped after. */
export function useRetentionTestbed(): RetentionTestbed {
  let testDb: TestDatabase;
  const bed = {
    workspaceId: '',
    sweep: (batchSize = 10) => createRetention({ db: bed.db, days: 30, clock: () => NOW, batchSize }).sweep(),
  } as RetentionTestbed;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    bed.db = testDb.db;
    bed.workspaceId = await createWorkspace(testDb.db);
  });
  afterAll(async () => {
    await testDb.drop();
  });
  return bed;
}
