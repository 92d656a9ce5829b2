import { connect, type Db } from '../../../engine/store/db';
import { reserve, slotDelaysMs, takeAvailable } from '../../../engine/rate-limits';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// The shared budget is one row per account or hook; these tests hit it from two
// connection pools at once, as two processes would.
let database: TestDatabase;
let other: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  other = connect(database.url);
});
afterAll(async () => {
  await other.destroy();
  await database.drop();
});

test('slots reserved at once by two processes never overlap: every slot is 1/rate after the one before', async () => {
  const shape = { perSecond: 50, capacity: 1 };
  const leases = await Promise.all(
    Array.from({ length: 40 }, (_, i) => reserve(i % 2 ? other : database.db, { key: 'account:overlap', shape, want: 5 })),
  );

  const slots = leases
    .flatMap((lease) => slotDelaysMs(lease, shape.perSecond).map((delay) => lease.atMs + delay))
    .sort((a, b) => a - b);
  expect(slots).toHaveLength(200);
  const gaps = slots.slice(1).map((slot, i) => slot - slots[i]!);
  // 20 ms apart at 50 per second (a microsecond of rounding aside).
  expect(Math.min(...gaps)).toBeGreaterThan(19.99);
  // 200 slots take at least 199 intervals however the leases interleaved.
  expect(slots[199]! - slots[0]!).toBeGreaterThan(199 * 20 - 0.01);
});

test('tokens taken at once by two processes never exceed the bucket: a burst of 10 is 10 in all', async () => {
  const shape = { perSecond: 1, capacity: 10 };
  const now = Date.UTC(2026, 0, 1);
  const leases = await Promise.all(
    Array.from({ length: 12 }, (_, i) => takeAvailable(i % 2 ? other : database.db, { key: 'hook:burst', shape, want: 3, now })),
  );

  expect(leases.reduce((sum, lease) => sum + lease.granted, 0)).toBe(10);
  const later = await takeAvailable(database.db, { key: 'hook:burst', shape, want: 3, now: now + 2500 });
  expect(later.granted).toBe(2);
});
