/**
 * Decimal numbers as digit strings, so amounts are never multiplied in floating point
 * (1.005 * 100 is 100.49999999999999 in binary floating point).
 */
export interface Decimal {
  negative: boolean;
  /** Digits before the point, without leading zeros ("0" for zero). */
  whole: string;
  /** Digits after the point, without trailing zeros ("" for none). */
  fraction: string;
}

export type DecimalResult = { ok: true; value: Decimal } | { ok: false; reason: string };

// Either plain digits ("1234") or thousands grouped by commas ("1,234,567"), then an
// optional point and decimals. A leading point (".5") is accepted: spreadsheets show it.
const PLAIN_NUMBER = /^([+-])?(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d+))?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d{1,2}$/;
const EXPONENT = /^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i;

/**
 * Reads "1,234.50", "1234.5", " 12 ", "-3" or a finite number. Refuses "12,34" (a decimal
 * comma would be read as a thousands separator elsewhere), "1.2.3", exponents and "".
 *
 * A JavaScript number is first rounded to 15 significant digits, the precision a double
 * holds reliably; that removes binary artefacts such as 0.1 + 0.2 = 0.30000000000000004
 * from expression results without rounding anything a person typed.
 */
export function parseDecimal(input: string | number): DecimalResult {
  if (typeof input === 'number') return parseNumber(input);
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'is empty' };
  if (DECIMAL_COMMA.test(text)) {
    const suggestion = text.replace(',', '.');
    return { ok: false, reason: `uses a comma as the decimal separator; write ${suggestion}` };
  }
  if (EXPONENT.test(text)) return { ok: false, reason: 'uses exponent notation; write the plain number' };
  const match = PLAIN_NUMBER.exec(text);
  if (!match || (match[2] === undefined && match[3] === undefined)) return { ok: false, reason: 'is not a number' };
  const whole = (match[2] ?? '0').replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const isZero = /^0*$/.test(whole) && fraction === '';
  return { ok: true, value: { negative: match[1] === '-' && !isZero, whole, fraction } };
}

function parseNumber(input: number): DecimalResult {
  if (!Number.isFinite(input)) return { ok: false, reason: 'is not a finite number' };
  if (Math.abs(input) >= 1e21) return { ok: false, reason: 'is too large' };
  const rounded = Number(input.toPrecision(15));
  // toFixed(20) spells out small magnitudes without exponent; trailing zeros are dropped below.
  const text = Math.abs(rounded) < 1e-6 && rounded !== 0 ? rounded.toFixed(20) : String(rounded);
  return parseDecimal(text);
}

/** The decimal as a plain string, e.g. "-1234.5". */
export function formatDecimal(value: Decimal): string {
  const body = value.fraction === '' ? value.whole : `${value.whole}.${value.fraction}`;
  return value.negative ? `-${body}` : body;
}
