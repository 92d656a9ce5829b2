// Money facts shared by the engine (mapping converts major units to Stripe's minor units)
// and connectors (a Stripe source adds major-unit amounts to what it reads). They live in
// the connector contract's folder because connectors may import only connectors/sdk, and
// one currency table must serve both sides. Pure functions, no I/O.
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
