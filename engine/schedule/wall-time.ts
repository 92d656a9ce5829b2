import { IANAZone } from 'luxon';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function zoneOf(timezone: string): IANAZone {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new Error(`Unknown time zone "${timezone}"`);
  return zone;
}

// Reading an offset goes through Intl and costs microseconds; a scheduler tick resolves
// the same few wall times (09:00 in Europe/Berlin) for many connections, so remember them.
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 50_000;

function offsetAt(zone: IANAZone, instant: number): number {
  const key = `${zone.name}@${instant}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = zone.offset(instant);
    if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** The wall-clock reading (as if it were UTC) of `instant` in `zone`. */
function wallClock(zone: IANAZone, instant: number): number {
  return instant + offsetAt(zone, instant) * MINUTE;
}

/** A date and time on a wall clock, with no zone attached. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * The instant at which the wall clock in `timezone` shows the given local date and time.
 *
 * Daylight saving makes this a relation, not a function, so two rules pick one instant:
 * - a wall time that occurs twice (clocks set back) resolves to its first occurrence, so a
 *   scheduled time runs once that night;
 * - a wall time that does not exist (clocks set forward) resolves to the first valid
 *   minute after it, i.e. the moment the clocks jumped.
 */
export function instantOfWallTime(timezone: string, local: WallTime): number {
  return occurrencesOfWallTime(timezone, local)[0]!;
}

/**
 * Every instant at which the wall clock in `timezone` shows `local`, earliest first: one
 * normally, two when clocks are set back over it, and for a time that does not exist
 * (clocks set forward over it) the first valid minute after it.
 */
export function occurrencesOfWallTime(timezone: string, local: WallTime): number[] {
  const zone = zoneOf(timezone);
  const wanted = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The offsets in force a day before and a day after cover every instant this wall time
  // could be (offsets stay within -12h..+14h), as real zones never change offset twice in
  // two days.
  const offsets = new Set<number>([offsetAt(zone, wanted - DAY), offsetAt(zone, wanted), offsetAt(zone, wanted + DAY)]);
  const candidates = [...offsets].map((offset) => wanted - offset * MINUTE).sort((a, b) => a - b);
  const matching = candidates.filter((instant) => wallClock(zone, instant) === wanted);
  if (matching.length > 0) return matching;

  // In a gap: the wall clock jumps from below `wanted` to above it somewhere between the
  // earliest and latest candidate; find that jump to the minute.
  let low = candidates[0]!;
  let high = candidates[candidates.length - 1]!;
  while (high - low > MINUTE) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (wallClock(zone, middle) >= wanted) high = middle;
    else low = middle;
  }
  return [high];
}

/** What the wall clock in `timezone` shows at `instant`, to the millisecond, written as a UTC time. */
export function wallClockAt(timezone: string, instant: number): number {
  return wallClock(zoneOf(timezone), instant);
}

/**
 * How far the wall clock in `timezone` is set back within a day either side of `instant`,
 * in milliseconds (0 on most days): wall times up to this far behind the current one can
 * still come round again.
 */
export function setBackNear(timezone: string, instant: number): number {
  const zone = zoneOf(timezone);
  const [before, now, after] = [instant - DAY, instant, instant + DAY].map((at) => offsetAt(zone, at)) as [
    number,
    number,
    number,
  ];
  return Math.max(0, before - now, now - after) * MINUTE;
}

/** The calendar date that `instant` falls on in `timezone`. */
export function localDate(timezone: string, instant: number): { year: number; month: number; day: number } {
  const wall = new Date(wallClock(zoneOf(timezone), instant));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** Calendar arithmetic on a plain date (no zone involved). */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}
