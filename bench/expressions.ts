import { compileMapping, type CompiledMapping, type Mapping } from '../engine/mapping';
import { ExpressionPool, type ExpressionSandbox } from '../engine/sandbox';
import { evaluateExpressions } from '../engine/sandbox/expressions';
import { percentile } from './support';

// bench/expressions: what running mapping expressions in the sandbox processes costs per
// item, against evaluating the same expressions in the server's own event loop (as before
// issue 11). Same mapping, same items, same evaluation code; only where it runs differs.
// Prints microseconds per item one at a time (a preview, a test send) and with 25 items in
// flight (a run), the pool's ceiling against Stripe's 100 requests/s, and what a stopped
// expression costs.
const ITEMS = Number(process.env.BENCH_ITEMS ?? 5000);
const IN_FLIGHT = 25;
const STRIPE_LIMIT_PER_SECOND = 100;

const inputSchema = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    name: { type: 'string' },
    description: { type: 'string' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
};
const withExpressions: Mapping = {
  email: '{{Email}}',
  name: '{{ `First name` & " " & `Last name` }}',
  description: '{{ $uppercase(Plan) }}',
  'metadata.total': '{{ $string(Price * Qty) }}',
};
const plain: Mapping = { email: '{{Email}}', name: '{{First name}} {{Last name}}', description: '{{Plan}}' };

/** The pre-issue-11 way: the same evaluation code, in this process's event loop, no deadline. */
const inProcess: ExpressionSandbox = {
  evaluate: async (request) => ({ status: 'done', results: await evaluateExpressions(request.expressions, request.item) }),
  close: async () => undefined,
};

const items = Array.from({ length: ITEMS }, (_, i) => ({
  Email: `lead${i}@example.com`,
  'First name': `First${i}`,
  'Last name': `Last${i}`,
  Plan: i % 2 ? 'pro' : 'basic',
  Price: 12.5,
  Qty: (i % 7) + 1,
}));

function compile(mapping: Mapping, expressions: ExpressionSandbox): CompiledMapping {
  const compiled = compileMapping({ mapping, inputSchema, expressions });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return compiled.mapping;
}

/** Microseconds per item, mapping them one after another. */
async function oneAtATime(mapping: CompiledMapping): Promise<{ perItemUs: number; p99Us: number }> {
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    const result = await mapping.apply(item);
    times.push((performance.now() - started) * 1000);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  }
  const total = times.reduce((sum, time) => sum + time, 0);
  return {
    perItemUs: total / items.length,
    p99Us: percentile(
      [...times].sort((a, b) => a - b),
      99,
    ),
  };
}

/** Microseconds per item with IN_FLIGHT items in flight, as a run maps them. */
async function inFlight(mapping: CompiledMapping): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < items.length) {
        const result = await mapping.apply(items[next++]!);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
      }
    }),
  );
  return ((performance.now() - started) * 1000) / items.length;
}

async function main(): Promise<void> {
  const pool = new ExpressionPool();
  const started = performance.now();
  await pool.evaluate({ expressions: ['1'], item: {} });
  const startMs = performance.now() - started;

  const local = compile(withExpressions, inProcess);
  const sandboxed = compile(withExpressions, pool);
  const fast = compile(plain, pool);
  await oneAtATime(local); // warm-up: JIT, parsed-expression caches on both sides
  await oneAtATime(sandboxed);

  const localOne = await oneAtATime(local);
  const poolOne = await oneAtATime(sandboxed);
  const localMany = await inFlight(local);
  const poolMany = await inFlight(sandboxed);
  const plainOne = await oneAtATime(fast);

  // A stopped expression: the deadline, then a fresh process for the next item.
  const hostile = new ExpressionPool({ timeoutMs: 200 });
  await hostile.evaluate({ expressions: ['1'], item: {} });
  const stopStarted = performance.now();
  await hostile.evaluate({ expressions: ['($f := function($n){$f($n+1)}; $f(0))'], item: {} });
  const stoppedAfter = performance.now() - stopStarted;
  await hostile.evaluate({ expressions: ['1'], item: {} });
  const recoveredAfter = performance.now() - stopStarted;
  await hostile.close();
  await pool.close();

  const us = (value: number) => `${value.toFixed(1).padStart(7)} µs`;
  console.log(`bench/expressions: ${ITEMS} items, mapping with 3 JSONata expressions (and a plain {{Field}})`);
  console.log(
    `  one at a time    in-process ${us(localOne.perItemUs)}   pool ${us(poolOne.perItemUs)}   (p99 pool ${us(poolOne.p99Us)})`,
  );
  console.log(`  per-item overhead of the pool, one at a time:  ${us(poolOne.perItemUs - localOne.perItemUs)}`);
  console.log(`  ${IN_FLIGHT} in flight     in-process ${us(localMany)}   pool ${us(poolMany)}`);
  console.log(`  per-item overhead of the pool, ${IN_FLIGHT} in flight:  ${us(poolMany - localMany)}`);
  const ceiling = 1e6 / poolMany;
  console.log(
    `  pool ceiling:     ${Math.round(ceiling)} items/s = ${(ceiling / STRIPE_LIMIT_PER_SECOND).toFixed(0)}x Stripe's ${STRIPE_LIMIT_PER_SECOND}/s limit`,
  );
  console.log(`  plain {{Field}} mapping (never leaves this process): ${us(plainOne.perItemUs)} per item`);
  console.log(`  first process ready after:  ${startMs.toFixed(0)} ms (once, on first use)`);
  console.log(
    `  endless expression, 200 ms deadline: stopped after ${stoppedAfter.toFixed(0)} ms, next item answered after ${recoveredAfter.toFixed(0)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
