import { nextDueAfter, type Schedule } from '../../../engine/schedule';

export const iso = (value: string) => new Date(value);

/** Due times a connection would get, starting from a run enqueued on time for `first`. */
export function followingDueTimes(schedule: Schedule, first: string, count: number): string[] {
  const result: string[] = [];
  let previous = iso(first);
  for (let index = 0; index < count; index += 1) {
    const next = nextDueAfter(schedule, previous, previous);
    if (!next) break;
    result.push(next.toISOString());
    previous = next;
  }
  return result;
}
