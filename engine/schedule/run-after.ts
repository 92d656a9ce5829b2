/**
 * Whether letting `changedId` run after `newRunAfter` would close a loop of connections
 * that wait for each other forever. `edges` maps each connection to the one it runs
 * after (or null), as currently saved. Returns the loop as a path that starts and ends
 * with `changedId`, e.g. ['A', 'B', 'A'], or null when there is none.
 */
export function findRunAfterCycle(
  edges: ReadonlyMap<string, string | null>,
  changedId: string,
  newRunAfter: string | null,
): string[] | null {
  const path = [changedId];
  const visited = new Set<string>([changedId]);
  let current = newRunAfter;
  while (current !== null) {
    path.push(current);
    if (current === changedId) return path;
    // A loop that does not pass through the changed connection predates this change;
    // it is not this save's to report (and saving never lets one form).
    if (visited.has(current)) return null;
    visited.add(current);
    current = edges.get(current) ?? null;
  }
  return null;
}

/** "A -> B -> A", using names where known. */
export function formatRunAfterCycle(cycle: string[], nameOf: (id: string) => string = (id) => id): string {
  return cycle.map(nameOf).join(' -> ');
}
