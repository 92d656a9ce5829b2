// How a mapping uses the expression sandbox: one request per item, none without an
// expression, and a clear per-item error naming the field when an expression is stopped.
// The sandbox here is scripted (the real pool is tested in tests/unit/sandbox).
import type { ExpressionSandbox, SandboxAnswer, SandboxRequest } from '../../../engine/sandbox';
import { compile } from './fixtures';

/** A sandbox that records requests and answers from a script (default: JSONata-like "done"). */
function scriptedSandbox(answer: (request: SandboxRequest) => SandboxAnswer) {
  const requests: SandboxRequest[] = [];
  const sandbox: ExpressionSandbox = {
    evaluate: async (request, options) => {
      requests.push(request);
      return options?.signal?.aborted ? { status: 'cancelled' } : answer(request);
    },
    close: async () => undefined,
  };
  return { sandbox, requests };
}

const stoppedAt = (index: number): SandboxAnswer => ({ status: 'stopped', index, cause: 'took longer than 1 s and was stopped' });

describe('mapping expressions in the sandbox', () => {
  it('maps plain {{Field}} templates without asking the sandbox', async () => {
    const { sandbox, requests } = scriptedSandbox(() => ({ status: 'done', results: [] }));
    const mapping = compile({ name: '{{First name}} {{Last name}}', description: 'Lead' }, { expressions: sandbox });
    expect(await mapping.apply({ 'First name': 'Ann', 'Last name': 'Lee' })).toEqual({
      ok: true,
      input: { email: 'ann@example.com', name: 'Ann Lee', description: 'Lead' },
      empty: [],
    });
    expect(requests).toEqual([]);
  });

  it("sends all of an item's expressions in one request and puts each result in its field", async () => {
    const { sandbox, requests } = scriptedSandbox(() => ({
      status: 'done',
      results: [
        { ok: true, json: '"ANN"' },
        { ok: true, json: '3' },
      ],
    }));
    const mapping = compile({ name: '{{ $uppercase(name) }}', quantity: '{{ qty + 1 }}' }, { expressions: sandbox });
    expect(await mapping.apply({ name: 'ann', qty: 2 })).toEqual({
      ok: true,
      input: { email: 'ann@example.com', name: 'ANN', quantity: 3 },
      empty: [],
    });
    expect(requests).toEqual([{ expressions: ['$uppercase(name)', 'qty + 1'], item: { name: 'ann', qty: 2 } }]);
  });

  it('fails an item whose expression was stopped with one error naming that field', async () => {
    const { sandbox } = scriptedSandbox(() => stoppedAt(1));
    const mapping = compile(
      { name: '{{ $uppercase(name) }}', description: 'Note: {{ $string(qty) }}' },
      { expressions: sandbox },
    );
    expect(await mapping.apply({ name: 'ann', qty: 2 })).toEqual({
      ok: false,
      errors: [
        { field: 'description', value: undefined, message: 'description: the expression took longer than 1 s and was stopped' },
      ],
    });
  });

  it('after 3 items in a row were stopped, fails the rest at once without evaluating them', async () => {
    const { sandbox, requests } = scriptedSandbox(() => stoppedAt(0));
    const mapping = compile({ name: '{{ $slow(name) }}' }, { expressions: sandbox });
    const errors = [];
    for (let item = 0; item < 5; item += 1) {
      const result = await mapping.apply({ name: `n${item}` });
      errors.push(result.ok ? null : result.errors.map((error) => error.message));
    }
    const stopped = ['name: the expression took longer than 1 s and was stopped'];
    const givenUp = [
      'name: the expression was not evaluated because it was stopped on 3 items in a row; fix the mapping, then retry',
    ];
    expect(errors).toEqual([stopped, stopped, stopped, givenUp, givenUp]);
    expect(requests).toHaveLength(3);
  });

  it('counts only stops in a row: an item evaluated in between starts the count again', async () => {
    let call = 0;
    const { sandbox, requests } = scriptedSandbox(() =>
      call++ === 2 ? { status: 'done', results: [{ ok: true, json: '"fine"' }] } : stoppedAt(0),
    );
    const mapping = compile({ name: '{{ $slow(name) }}' }, { expressions: sandbox });
    for (let item = 0; item < 5; item += 1) await mapping.apply({ name: `n${item}` });
    expect(requests).toHaveLength(5);
  });
});
