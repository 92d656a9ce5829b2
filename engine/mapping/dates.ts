import { DateTime } from 'luxon';

/**
 * Dates arrive as ISO 8601 ("2024-05-31", "2024-05-31T14:30:00+02:00") or as day-first
 * numeric dates ("31/05/2024", "31.05.2024", optionally followed by "14:30"), the way most
 * spreadsheet locales outside the US write them. Month-first US dates are not guessed at:
 * 05/31/2024 fails because 31 is not a month, and an ambiguous 05/06/2024 is 5 June.
 * A date or time without an offset is read in the mapping's time zone (UTC by default).
 *
 * Outputs, by the input's `format`:
 * - `date`: "YYYY-MM-DD" as written (no time zone shift);
 * - `date-time`: ISO 8601 in UTC, e.g. "2024-05-31T12:30:00Z";
 * - `unix-time`: integer seconds since 1970 (what Stripe wants for due_date and similar);
 *   a whole number, or a string of digits, is taken as seconds already.
 */
export type DateFormat = 'date' | 'date-time' | 'unix-time';

export type DateResult = { ok: true; value: string | number } | { ok: false; reason: string };

const DAY_FIRST = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const HINT = 'is not a date (write 2024-05-31, 31/05/2024 or 2024-05-31T14:30:00Z)';

export function isDateFormat(format: unknown): format is DateFormat {
  return format === 'date' || format === 'date-time' || format === 'unix-time';
}

export function coerceDate(value: unknown, format: DateFormat, timeZone: string): DateResult {
  if (format === 'unix-time') {
    if (typeof value === 'number') {
      return Number.isInteger(value) ? { ok: true, value } : { ok: false, reason: 'is not a whole number of seconds' };
    }
    if (typeof value === 'string' && /^\d+$/.test(value.trim())) return { ok: true, value: Number(value.trim()) };
  }
  const parsed = toDateTime(value, timeZone);
  if (!parsed.ok) return parsed;
  const moment = parsed.value;
  if (format === 'date') return { ok: true, value: moment.toISODate() ?? '' };
  if (format === 'date-time') return { ok: true, value: moment.toUTC().toISO({ suppressMilliseconds: true }) ?? '' };
  return { ok: true, value: Math.floor(moment.toSeconds()) };
}

function toDateTime(value: unknown, timeZone: string): { ok: true; value: DateTime } | { ok: false; reason: string } {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { ok: false, reason: 'is not a real date' }
      : { ok: true, value: DateTime.fromJSDate(value, { zone: 'utc' }) };
  }
  if (typeof value !== 'string') return { ok: false, reason: HINT };
  const text = value.trim();
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) {
    const [, day, month, year, hour, minute, second] = dayFirst;
    const moment = DateTime.fromObject(
      {
        year: Number(year),
        month: Number(month),
        day: Number(day),
        hour: Number(hour ?? 0),
        minute: Number(minute ?? 0),
        second: Number(second ?? 0),
      },
      { zone: timeZone },
    );
    return moment.isValid ? { ok: true, value: moment } : { ok: false, reason: 'is not a real date (dates are read day first)' };
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return { ok: false, reason: HINT };
  const moment = DateTime.fromISO(text, { zone: timeZone, setZone: true });
  if (moment.isValid) return { ok: true, value: moment };
  return { ok: false, reason: moment.invalidReason === 'unit out of range' ? 'is not a real date' : HINT };
}
