export { toMinorUnits, fromMinorUnits } from './convert';
export type { MinorUnitsResult, ToMinorUnitsOptions } from './convert';
export {
  STRIPE_CURRENCIES,
  ZERO_DECIMAL_CURRENCIES,
  THREE_DECIMAL_CURRENCIES,
  WHOLE_UNITS_SENT_AS_TWO_DECIMAL,
  currencyRules,
  isStripeCurrency,
} from './currencies';
export type { CurrencyRules } from './currencies';
export { parseDecimal, formatDecimal } from './decimal';
export type { Decimal, DecimalResult } from './decimal';
