import { DateTime } from 'luxon';
import { currencyRules, fromMinorUnits } from '../../sdk/money';
import type { JsonObject } from '../../sdk';

// Stripe gives money in minor units and times as Unix seconds. A sheet or a person wants
// "12.50" and a date, so every item carries both: Stripe's fields as they are, plus
// `X_major` beside each amount and `X_iso` beside each time. Which fields are amounts is
// decided by name (Stripe names them consistently), and only where a currency is known.

const AMOUNT =
  /^(amount|amount_[a-z_]+|[a-z_]+_amount|subtotal|subtotal_excluding_tax|total|total_excluding_tax|tax|fee|net|balance|starting_balance|ending_balance|unit_amount)$/;
// Counters and percentages that look like amounts by name but are not money.
const NOT_AMOUNT = new Set(['amount_off_percent', 'total_count']);
const TIME =
  /^(created|date|due_date|available_on|arrival_date|period_start|period_end|current_period_start|current_period_end|trial_start|trial_end|start_date|billing_cycle_anchor|next_payment_attempt|[a-z_]+_at)$/;
const MAX_DEPTH = 6;

function isoOf(seconds: number, zone: string): string | null {
  const time = DateTime.fromSeconds(seconds, { zone });
  return time.isValid ? time.toISO({ suppressMilliseconds: true }) : null;
}

function majorOf(minor: number, currency: string): string | null {
  return currencyRules(currency) ? fromMinorUnits(minor, currency) : null;
}

function readableValue(value: unknown, currency: string | null, zone: string, depth: number): unknown {
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((entry) => readableValue(entry, currency, zone, depth + 1));
  return readableObject(value as JsonObject, currency, zone, depth);
}

function readableObject(object: JsonObject, inherited: string | null, zone: string, depth: number): JsonObject {
  const currency = typeof object.currency === 'string' ? object.currency : inherited;
  const added: JsonObject = {};
  const rest: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'number' && Number.isInteger(value)) {
      if (currency && AMOUNT.test(key) && !NOT_AMOUNT.has(key)) {
        const major = majorOf(value, currency);
        if (major !== null) added[`${key}_major`] = major;
      } else if (TIME.test(key) && value > 0) {
        const iso = isoOf(value, zone);
        if (iso !== null) added[`${key}_iso`] = iso;
      }
    }
    rest[key] = readableValue(value, currency, zone, depth + 1);
  }
  // The readable fields come first, so the wizard's field list shows them first.
  return { ...added, ...rest };
}

/**
 * A Stripe object with `X_major` (major-unit decimal string, per the currency table) for
 * every minor-unit amount with a currency, and `X_iso` (ISO 8601 in `timezone`) for every
 * Unix time, at every level; nested objects without their own currency use their parent's.
 */
export function readable(object: JsonObject, timezone: string | undefined): JsonObject {
  return readableObject(object, null, timezone ?? 'UTC', 0);
}
