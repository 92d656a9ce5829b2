import type { Connection } from '../types';

/** Connections this one may follow: not itself, and none that (indirectly) follows it. */
export function allowedPredecessors(all: Connection[], selfId: string): Connection[] {
  const follows = new Map(all.map((c) => [c.id, c.runAfter]));
  return all.filter((candidate) => {
    const seen = new Set<string>();
    for (let id: string | null | undefined = candidate.id; id; id = follows.get(id)) {
      if (id === selfId || seen.has(id)) return false;
      seen.add(id);
    }
    return true;
  });
}
