import { LOCK_SPACE, SessionLocks } from '../../../engine/store/session-locks';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// Issue 15.4: natural-key turns asked for while another is under way go to PostgreSQL
// together, so a run's 25 items in flight no longer queue one round trip each; every key
// is still held by one session at a time.
let database: TestDatabase;
let first: SessionLocks;
let second: SessionLocks;
beforeAll(async () => {
  database = await createTestDatabase();
  first = SessionLocks.forDatabase(database.db);
  second = SessionLocks.forDatabase(database.db);
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await database.drop();
});

const keys = Array.from({ length: 60 }, (_, index) => `acct_1:customer:person${index}@example.com`);
const lockAll = (session: SessionLocks, chosen: string[]) =>
  Promise.all(chosen.map((key) => session.tryLock(LOCK_SPACE.naturalKey, key)));

test('keys asked for at once by two workers are each held by exactly one, and the other gets them once released', async () => {
  const [byFirst, bySecond] = await Promise.all([lockAll(first, keys), lockAll(second, keys)]);

  keys.forEach((_, index) => expect([byFirst[index], bySecond[index]].filter(Boolean)).toHaveLength(1));
  const heldByFirst = keys.filter((_, index) => byFirst[index]);
  await Promise.all(heldByFirst.map((key) => first.unlock(LOCK_SPACE.naturalKey, key)));
  expect(await lockAll(second, heldByFirst)).toEqual(heldByFirst.map(() => true));
  // Nothing the second worker holds was freed by the first one's unlocks.
  expect(await lockAll(first, keys)).toEqual(keys.map(() => false));
  await Promise.all(keys.map((key) => second.unlock(LOCK_SPACE.naturalKey, key)));
});

test('sixty turns asked for at once take a few statements, not one each', async () => {
  const before = first.stats.statements;
  expect(await lockAll(first, keys)).toEqual(keys.map(() => true));
  await Promise.all(keys.map((key) => first.unlock(LOCK_SPACE.naturalKey, key)));

  // The first lock goes alone, the 59 that queued behind it together; likewise the unlocks.
  expect(first.stats.statements - before).toBeLessThanOrEqual(4);
  expect(await lockAll(second, keys)).toEqual(keys.map(() => true));
});
