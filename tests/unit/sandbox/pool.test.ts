// The expression pool with its real processes. Every hostile expression here runs in a
// sandbox process, never in Jest's own event loop, so a broken pool fails by timeout, not by hanging.
import { ExpressionPool, type SandboxAnswer } from '../../../engine/sandbox';
import { HOSTILE, NEVER_ENDS } from '../../support/hostile-expressions';

const values = (answer: SandboxAnswer) =>
  answer.status === 'done' ? answer.results.map((result) => (result.ok ? result.json : `error: ${result.message}`)) : answer;

describe('the expression pool', () => {
  let pool: ExpressionPool;
  beforeAll(() => {
    pool = new ExpressionPool({ timeoutMs: 500 });
  });
  afterAll(() => pool.close());

  it("evaluates all of an item's expressions in one request, in order, with JSONata's reason for one that fails", async () => {
    const answer = await pool.evaluate({
      expressions: ['$uppercase(name)', 'price * qty', 'name * 2', 'missing', '{"a": [1, 2]}'],
      item: { name: 'ann', price: 2.5, qty: 4 },
    });
    expect(values(answer)).toEqual([
      '"ANN"',
      '10',
      expect.stringMatching(/^error: .*must evaluate to a number/),
      undefined,
      '{"a":[1,2]}',
    ]);
  });

  it.each(HOSTILE)(
    'stops %s at the deadline, says which expression it was, and evaluates the next item in a fresh process',
    async (_name, hostile) => {
      const stopped = await pool.evaluate({ expressions: ['$uppercase(name)', hostile], item: { name: 'ann' } });
      expect(stopped).toEqual({ status: 'stopped', index: 1, cause: 'took longer than 500 ms and was stopped' });

      expect(values(await pool.evaluate({ expressions: ['$uppercase(name)'], item: { name: 'bob' } }))).toEqual(['"BOB"']);
    },
    20_000,
  );

  it('holds each item of a batch to its own deadline: the items around a stopped one are answered', async () => {
    const single = new ExpressionPool({ timeoutMs: 500, processes: 1 });
    try {
      const items = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }));
      const answers = await Promise.all(
        items.map((item) => single.evaluate({ expressions: [item.name === 'c' ? NEVER_ENDS : '$uppercase(name)'], item })),
      );
      expect(answers.map(values)).toEqual([
        ['"A"'],
        ['"B"'],
        { status: 'stopped', index: 0, cause: 'took longer than 500 ms and was stopped' },
        ['"D"'],
        ['"E"'],
      ]);
    } finally {
      await single.close();
    }
  }, 20_000);

  it('stops an expression that outgrows the memory cap, whatever the deadline', async () => {
    const small = new ExpressionPool({ timeoutMs: 30_000, memoryMb: 32 });
    try {
      const answer = await small.evaluate({ expressions: ['$join([1..10000000].("xxxxxxxxxx"),"")'], item: {} });
      expect(answer).toEqual({ status: 'stopped', index: 0, cause: 'used more than 32 MB of memory and was stopped' });
    } finally {
      await small.close();
    }
  }, 40_000);

  it('survives a native allocation far past the memory cap: only the sandbox process dies, not the server', async () => {
    // In a worker thread this aborts the whole process ("FATAL ERROR: Reached heap limit"),
    // and with it Jest: the reason the pool uses processes.
    const small = new ExpressionPool({ timeoutMs: 30_000, memoryMb: 32 });
    try {
      const hog = '($s := $pad("", 250000000, "x"); $t := $pad("", 250000000, "y"); $length($s) + $length($t))';
      expect(await small.evaluate({ expressions: ['1', hog], item: {} })).toEqual({
        status: 'stopped',
        index: 1,
        cause: 'used more than 32 MB of memory and was stopped',
      });
      expect(values(await small.evaluate({ expressions: ['1 + 1'], item: {} }))).toEqual(['2']);
    } finally {
      await small.close();
    }
  }, 40_000);

  it('answers "cancelled" for waiting items whose caller gave up, without evaluating them', async () => {
    const single = new ExpressionPool({ timeoutMs: 500, processes: 1 });
    try {
      const giveUp = new AbortController();
      const first = single.evaluate({ expressions: [NEVER_ENDS], item: {} }, { signal: giveUp.signal });
      const waiting = single.evaluate({ expressions: ['1 + 1'], item: {} }, { signal: giveUp.signal });
      expect(await first).toMatchObject({ status: 'stopped' });
      giveUp.abort();
      expect(await waiting).toEqual({ status: 'cancelled' });
    } finally {
      await single.close();
    }
  }, 20_000);

  it('refuses results that are no field value: a function, or more data than any destination takes', async () => {
    // Building a million characters can outlast 500 ms on a busy machine; this test is about
    // the size check, not the deadline, so its pool waits longer.
    const roomy = new ExpressionPool({ timeoutMs: 15_000, processes: 1 });
    try {
      const answer = await roomy.evaluate({
        expressions: ['function($x){$x}', '$pad("", 1000001, "x")'],
        item: {},
      });
      expect(values(answer)).toEqual([
        'error: returned a function, not a value',
        'error: returned more than 1,000,000 characters of data',
      ]);
    } finally {
      await roomy.close();
    }
  }, 30_000);
});
