// Amounts in messages read as a person wrote them ("25.00 EUR", "1500 JPY"). The currency
// table is the product's single one (connectors/sdk/money), so the run log, the mapping
// and the amounts a Stripe source adds never disagree on a currency's decimals.
import { fromMinorUnits } from '../sdk/money';

export function formatAmount(minor: number, currency: string): string {
  return `${fromMinorUnits(minor, currency)} ${currency.toUpperCase()}`;
}
