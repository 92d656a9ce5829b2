import { KeyLocks } from '../engine/runner/key-locks';
import { mapWithConcurrency } from '../engine/runner/concurrency';
import { SessionLocks } from '../engine/store/session-locks';
import { benchDatabase } from './support';

// bench/natural-keys: what taking a natural key's turn costs an item (issue 10.2). Items
// that may create a customer hold an advisory lock on the process's lock session while
// they work. Runs the same work (a 5 ms stand-in for Stripe's answer) 25 at a time with
// and without turns, and with every key twice, and prints the cost per item and the
// ceiling of turns per second one process's session can grant.
const ITEMS = Number(process.env.BENCH_ITEMS ?? 3000);
const CONCURRENCY = 25;
const WORK_MS = 5;

const work = () => new Promise<void>((resolve) => setTimeout(resolve, WORK_MS));

async function main(): Promise<void> {
  const database = await benchDatabase();
  const session = SessionLocks.forDatabase(database.db);
  const locks = new KeyLocks(session);
  const keys = Array.from({ length: ITEMS }, (_, i) => `acc:customer:c${i}@example.com`);
  const twice = Array.from({ length: ITEMS }, (_, i) => `acc:customer:c${Math.floor(i / 2)}@example.com`);

  const timed = async (label: string, each: (key: string) => Promise<void>, list: string[]) => {
    const started = performance.now();
    await mapWithConcurrency(list, CONCURRENCY, each);
    const seconds = (performance.now() - started) / 1000;
    return { label, seconds, perSecond: list.length / seconds };
  };

  await timed('warm-up', (key) => locks.withKey(key, work), keys.slice(0, 200));
  const plain = await timed('no turns', () => work(), keys);
  const turns = await timed('turns, distinct keys', (key) => locks.withKey(key, work), keys);
  const paired = await timed('turns, every key twice', (key) => locks.withKey(key, work), twice);
  const bare = await timed('turns only (no work)', (key) => locks.withKey(key, async () => undefined), keys);

  console.log(`bench/natural-keys: ${ITEMS} items, ${CONCURRENCY} at a time, ${WORK_MS} ms of work each`);
  for (const result of [plain, turns, paired, bare]) {
    console.log(
      `  ${result.label.padEnd(24)} ${result.perSecond.toFixed(0).padStart(6)} items/s (${result.seconds.toFixed(2)} s)`,
    );
  }
  const overheadMs = ((turns.seconds - plain.seconds) * 1000 * CONCURRENCY) / ITEMS;
  console.log(
    `  cost of a turn:          ${overheadMs.toFixed(2)} ms per item (${(turns.perSecond / plain.perSecond).toFixed(2)}x the speed without)`,
  );
  console.log(`  turns one session grants: ${bare.perSecond.toFixed(0)}/s (Stripe allows at most 100 requests/s per account)`);

  await session.close();
  await database.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
