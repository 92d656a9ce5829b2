// What a cell holds after a value is written with valueInputOption USER_ENTERED, as if a
// person typed it (en_US locale): numbers, amounts with a currency sign or thousands
// separators, percentages, dates and TRUE/FALSE become values with a number format; a
// leading apostrophe keeps text as text. RAW stores strings as they are. Formulas are kept
// as their text (the emulator does not calculate).
import type { Cell } from './store';

/** How a number is shown (FORMATTED_VALUE), as a Sheets number format would show it. */
export type NumberFormat =
  | { kind: 'grouped'; decimals: number }
  | { kind: 'currency'; symbol: string; decimals: number }
  | { kind: 'percent'; decimals: number }
  | { kind: 'date' }
  | { kind: 'date-time' };

export interface EnteredValue {
  value: Cell;
  format?: NumberFormat;
}

const NUMBER = /^([+-]?)([$€£¥]?)((?:\d{1,3}(?:,\d{3})+)|\d*)(?:\.(\d+))?(%?)$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
/** Sheets counts days from 1899-12-30. */
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function serial(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0): number | null {
  const ms = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return (ms - EPOCH_MS) / DAY_MS;
}

function asDate(text: string): EnteredValue | null {
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [, y, m, d, hh, mm, ss] = iso;
    const value = serial(Number(y), Number(m), Number(d), Number(hh ?? 0), Number(mm ?? 0), Number(ss ?? 0));
    if (value === null) return null;
    return { value, format: { kind: hh === undefined ? 'date' : 'date-time' } };
  }
  const us = US_DATE.exec(text);
  if (us) {
    const value = serial(Number(us[3]), Number(us[1]), Number(us[2]));
    return value === null ? null : { value, format: { kind: 'date' } };
  }
  return null;
}

function asNumber(text: string): EnteredValue | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const [, sign, symbol, whole, fraction, percent] = match;
  if (whole === '' && fraction === undefined) return null;
  if (symbol && percent) return null;
  const magnitude = Number(`${whole.replace(/,/g, '') || '0'}.${fraction ?? '0'}`);
  const signed = sign === '-' ? -magnitude : magnitude;
  const decimals = fraction?.length ?? 0;
  if (percent) return { value: signed / 100, format: { kind: 'percent', decimals } };
  // A currency sign gives the currency's usual two decimals (none for yen), as Sheets does.
  if (symbol) return { value: signed, format: { kind: 'currency', symbol, decimals: symbol === '¥' ? 0 : 2 } };
  if (whole.includes(',')) return { value: signed, format: { kind: 'grouped', decimals } };
  return { value: signed };
}

/** The cell a typed text becomes. */
export function userEntered(text: string): EnteredValue {
  if (text === '') return { value: null };
  if (text.startsWith("'")) return { value: text.slice(1) };
  if (text.startsWith('=')) return { value: text };
  const trimmed = text.trim();
  if (/^(true|false)$/i.test(trimmed)) return { value: trimmed.toUpperCase() === 'TRUE' };
  return asNumber(trimmed) ?? asDate(trimmed) ?? { value: text };
}

function grouped(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A number shown through its format, as FORMATTED_VALUE renders it. */
export function formatNumber(value: number, format: NumberFormat | undefined): string {
  if (!format) return String(value);
  switch (format.kind) {
    case 'grouped':
      return grouped(value, format.decimals);
    case 'currency':
      return `${value < 0 ? '-' : ''}${format.symbol}${grouped(Math.abs(value), format.decimals)}`;
    case 'percent':
      return `${grouped(value * 100, format.decimals)}%`;
    case 'date':
    case 'date-time': {
      const at = new Date(EPOCH_MS + Math.round(value * DAY_MS));
      const date = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
      if (format.kind === 'date') return date;
      return `${date} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
    }
  }
}

// Formats live beside the cells, keyed by the row's own array: a row inserted above or
// deleted moves its array, so its formats go with it without any bookkeeping.
const formats = new WeakMap<Cell[], Map<number, NumberFormat>>();

export function formatOf(row: Cell[] | undefined, column: number): NumberFormat | undefined {
  return row ? formats.get(row)?.get(column) : undefined;
}

export function setFormat(row: Cell[], column: number, format: NumberFormat | undefined): void {
  let columns = formats.get(row);
  if (!format) {
    columns?.delete(column);
    return;
  }
  if (!columns) formats.set(row, (columns = new Map()));
  columns.set(column, format);
}
