// Amounts in messages read as a person wrote them ("25.00 EUR", "1500 JPY"). The currency
// table is the engine's single one (engine/money, a leaf module with no other engine
// dependency), so the run log and the mapping never disagree on a currency's decimals.
import { fromMinorUnits } from '../../engine/money';

export function formatAmount(minor: number, currency: string): string {
  return `${fromMinorUnits(minor, currency)} ${currency.toUpperCase()}`;
}
