import { ConnectorError } from '../sdk';
import { formatAmount } from './amounts';

/** A money amount must be more than zero: Stripe cannot take a payment of nothing. */
export function requirePositive(amount: number, currency: string, param: string): void {
  if (amount <= 0) {
    throw new ConnectorError(
      'item',
      `${param}: ${formatAmount(amount, currency)} is not an amount that can be paid; it must be more than 0.`,
      {
        param,
      },
    );
  }
}

/** Exactly one of two ways to say what is sold: an amount (with a currency) or a Stripe price. */
export function amountOrPrice(input: { amount?: number; currency?: string; price?: string }): 'amount' | 'price' {
  const hasAmount = input.amount !== undefined;
  if (hasAmount === (input.price !== undefined)) {
    throw new ConnectorError('item', 'amount: give either an amount and a currency, or a price id (not both, not neither).', {
      param: hasAmount ? 'price' : 'amount',
    });
  }
  if (hasAmount && !input.currency) {
    throw new ConnectorError('item', 'currency: an amount needs a currency, e.g. eur.', { param: 'currency' });
  }
  return hasAmount ? 'amount' : 'price';
}
