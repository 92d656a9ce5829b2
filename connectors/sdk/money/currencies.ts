/**
 * The currencies Stripe accepts for charges (ISO 4217 codes, lowercase as Stripe writes
 * them), and how many decimals each one's minor unit has in Stripe's API.
 */
export const STRIPE_CURRENCIES: readonly string[] = [
  'aed',
  'afn',
  'all',
  'amd',
  'ang',
  'aoa',
  'ars',
  'aud',
  'awg',
  'azn',
  'bam',
  'bbd',
  'bdt',
  'bgn',
  'bhd',
  'bif',
  'bmd',
  'bnd',
  'bob',
  'brl',
  'bsd',
  'bwp',
  'byn',
  'bzd',
  'cad',
  'cdf',
  'chf',
  'clp',
  'cny',
  'cop',
  'crc',
  'cve',
  'czk',
  'djf',
  'dkk',
  'dop',
  'dzd',
  'egp',
  'etb',
  'eur',
  'fjd',
  'fkp',
  'gbp',
  'gel',
  'gip',
  'gmd',
  'gnf',
  'gtq',
  'gyd',
  'hkd',
  'hnl',
  'htg',
  'huf',
  'idr',
  'ils',
  'inr',
  'isk',
  'jmd',
  'jod',
  'jpy',
  'kes',
  'kgs',
  'khr',
  'kmf',
  'krw',
  'kwd',
  'kyd',
  'kzt',
  'lak',
  'lbp',
  'lkr',
  'lrd',
  'lsl',
  'mad',
  'mdl',
  'mga',
  'mkd',
  'mmk',
  'mnt',
  'mop',
  'mur',
  'mvr',
  'mwk',
  'mxn',
  'myr',
  'mzn',
  'nad',
  'ngn',
  'nio',
  'nok',
  'npr',
  'nzd',
  'omr',
  'pab',
  'pen',
  'pgk',
  'php',
  'pkr',
  'pln',
  'pyg',
  'qar',
  'ron',
  'rsd',
  'rub',
  'rwf',
  'sar',
  'sbd',
  'scr',
  'sek',
  'sgd',
  'shp',
  'sle',
  'sos',
  'srd',
  'std',
  'szl',
  'thb',
  'tjs',
  'tnd',
  'top',
  'try',
  'ttd',
  'twd',
  'tzs',
  'uah',
  'ugx',
  'usd',
  'uyu',
  'uzs',
  'vnd',
  'vuv',
  'wst',
  'xaf',
  'xcd',
  'xof',
  'xpf',
  'yer',
  'zar',
  'zmw',
];

/** Amounts are sent as is: 500 JPY is `500`. */
export const ZERO_DECIMAL_CURRENCIES: readonly string[] = [
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
];

/** Amounts are sent x1000 and Stripe requires the last digit to be 0: 12.34 KWD is `12340`. */
export const THREE_DECIMAL_CURRENCIES: readonly string[] = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];

/**
 * Whole units only, yet sent x100 for backwards compatibility (Stripe's special case):
 * 5 ISK is `500`, and 5.50 ISK cannot be charged.
 */
export const WHOLE_UNITS_SENT_AS_TWO_DECIMAL: readonly string[] = ['isk'];

export interface CurrencyRules {
  /** Lowercase ISO code. */
  code: string;
  /** Power of ten between a major unit and the integer Stripe expects. */
  exponent: number;
  /** Decimals a person may write in a major-unit amount. */
  decimalsAllowed: number;
}

const supported = new Set(STRIPE_CURRENCIES);

/** The conversion rules for a currency code in any case, or null when Stripe does not support it. */
export function currencyRules(currency: string): CurrencyRules | null {
  const code = currency.trim().toLowerCase();
  if (!supported.has(code)) return null;
  if (ZERO_DECIMAL_CURRENCIES.includes(code)) return { code, exponent: 0, decimalsAllowed: 0 };
  if (THREE_DECIMAL_CURRENCIES.includes(code)) return { code, exponent: 3, decimalsAllowed: 2 };
  if (WHOLE_UNITS_SENT_AS_TWO_DECIMAL.includes(code)) return { code, exponent: 2, decimalsAllowed: 0 };
  return { code, exponent: 2, decimalsAllowed: 2 };
}

export function isStripeCurrency(currency: string): boolean {
  return supported.has(currency.trim().toLowerCase());
}
