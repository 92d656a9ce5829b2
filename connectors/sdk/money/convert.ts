import { currencyRules, THREE_DECIMAL_CURRENCIES } from './currencies';
import { parseDecimal } from './decimal';

export type MinorUnitsResult = { ok: true; value: number } | { ok: false; reason: string };

export interface ToMinorUnitsOptions {
  /**
   * Negative amounts are refused unless the caller means a credit (an invoice item
   * that lowers the total). A typo'd minus sign should not silently refund anyone.
   */
  allowNegative?: boolean;
}

/**
 * Converts a major-unit amount ("1,234.50" EUR) to the integer Stripe expects (123450).
 *
 * Bad input is an expected outcome (it comes from a person's sheet), so this returns a
 * result instead of throwing. A reason is phrased to follow the quoted value, e.g.
 * `"12.345" has more decimals than EUR allows (2)`. Nothing is ever rounded: an amount
 * with more precision than the currency allows is refused.
 */
export function toMinorUnits(amount: string | number, currency: string, options: ToMinorUnitsOptions = {}): MinorUnitsResult {
  const rules = currencyRules(currency);
  if (currency.trim() === '') return { ok: false, reason: 'cannot be converted: the currency is empty' };
  if (!rules) {
    return { ok: false, reason: `cannot be converted: "${currency.trim()}" is not a currency Stripe supports` };
  }
  const parsed = parseDecimal(amount);
  if (!parsed.ok) return parsed;
  const { negative, whole, fraction } = parsed.value;
  const label = rules.code.toUpperCase();

  if (negative && !options.allowNegative) {
    return { ok: false, reason: 'is negative; only credits may be negative and this input is not a credit' };
  }
  if (fraction.length > rules.exponent) {
    return rules.exponent === 0
      ? { ok: false, reason: `has decimals, but ${label} has no minor unit` }
      : { ok: false, reason: `has more decimals than ${label} allows (${rules.exponent})` };
  }
  if (fraction.length > rules.decimalsAllowed) {
    return THREE_DECIMAL_CURRENCIES.includes(rules.code)
      ? { ok: false, reason: `has a third decimal; Stripe requires the last of ${label}'s 3 decimals to be 0` }
      : { ok: false, reason: `has decimals, but Stripe charges ${label} in whole units only` };
  }

  const digits = (whole + fraction.padEnd(rules.exponent, '0')).replace(/^0+(?=\d)/, '');
  const minor = BigInt(digits);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'is too large' };
  const value = Number(minor);
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/**
 * The major-unit amount for display: fromMinorUnits(123450, 'eur') is "1234.50",
 * fromMinorUnits(500, 'jpy') is "500". Its input comes from Stripe or the ledger, not from
 * a person, so a non-integer amount or an unknown currency is a programming error and throws.
 */
export function fromMinorUnits(minor: number, currency: string): string {
  const rules = currencyRules(currency);
  if (!rules) throw new RangeError(`"${currency}" is not a currency Stripe supports`);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${minor} is not an integer amount in minor units`);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(rules.exponent + 1, '0');
  if (rules.exponent === 0) return sign + digits;
  const cut = digits.length - rules.exponent;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}
