import { IANAZone } from 'luxon';

/** True for IANA zone names such as `Europe/Berlin` or `UTC`. */
export function isValidTimezone(name: string): boolean {
  return IANAZone.isValidZone(name);
}
