// Times of day as the schedule stores them: HH:MM on a 24-hour clock, whatever the
// browser's locale would show in a time picker.

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What is wrong with a typed time, naming what was typed, or null when it is HH:MM. */
export function checkTimeOfDay(typed: string): string | null {
  if (TIME_OF_DAY.test(typed)) return null;
  if (typed.trim() === '') return 'Enter a time of day such as 09:00 (24-hour clock).';
  return `"${typed}" is not a time of day; use HH:MM from 00:00 to 23:59 (24-hour clock).`;
}

/** "9:05" -> "09:05", "930" -> "09:30", "1745" -> "17:45"; anything else is left as typed. */
export function tidyTimeOfDay(typed: string): string {
  const match = /^\s*(\d{1,2}):?(\d{2})\s*$/.exec(typed);
  if (!match) return typed;
  const tidy = `${match[1]!.padStart(2, '0')}:${match[2]}`;
  return TIME_OF_DAY.test(tidy) ? tidy : typed;
}
