import { findRunAfterCycle, formatRunAfterCycle } from '../../../engine/schedule';

const edges = (entries: Record<string, string | null>) => new Map(Object.entries(entries));

describe('run-after cycles', () => {
  it('finds A -> B -> A when A is set to run after B, which runs after A', () => {
    expect(findRunAfterCycle(edges({ A: null, B: 'A' }), 'A', 'B')).toEqual(['A', 'B', 'A']);
  });

  it('finds a longer loop A -> B -> C -> A', () => {
    expect(findRunAfterCycle(edges({ A: null, B: 'C', C: 'A' }), 'A', 'B')).toEqual(['A', 'B', 'C', 'A']);
  });

  it('refuses a connection that runs after itself', () => {
    expect(findRunAfterCycle(edges({ A: null }), 'A', 'A')).toEqual(['A', 'A']);
  });

  it('allows a chain A -> B -> C', () => {
    expect(findRunAfterCycle(edges({ A: null, B: 'A', C: null }), 'C', 'B')).toBeNull();
  });

  it('allows fan-out: B and C both after A', () => {
    expect(findRunAfterCycle(edges({ A: null, B: 'A', C: null }), 'C', 'A')).toBeNull();
  });

  it('uses the new value, not the saved one, for the changed connection', () => {
    // A used to run after B; moving B after A is fine once A no longer runs after B.
    expect(findRunAfterCycle(edges({ A: 'B', B: null }), 'A', null)).toBeNull();
    expect(findRunAfterCycle(edges({ A: null, B: 'A' }), 'B', 'A')).toBeNull();
  });

  it('stops at an older loop that does not involve the changed connection', () => {
    expect(findRunAfterCycle(edges({ A: null, X: 'Y', Y: 'X' }), 'A', 'X')).toBeNull();
  });

  it('formats the loop with names for the error message', () => {
    const names: Record<string, string> = { a1: 'Leads', b2: 'Invoices' };
    expect(formatRunAfterCycle(['a1', 'b2', 'a1'], (id) => names[id] ?? id)).toBe('Leads -> Invoices -> Leads');
  });
});
