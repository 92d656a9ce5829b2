import { stripe } from '../../connectors/stripe';
import { mappingTargets, moneyPreview } from '../../ui-api/web/src/wizard/mapping-targets';
import type { JsonSchema } from '../../ui-api/web/src/types';

// The mapping step previews what is sent; money is sent in minor units, so the preview
// also says it in the unit the person typed.
const targetOf = (action: string, path: string) =>
  mappingTargets(stripe.actions[action]!.inputSchema as JsonSchema).find((target) => target.path === path)!;

test('an amount is previewed in its currency’s main unit, with what Stripe receives', () => {
  const amount = targetOf('charge-customer', 'amount');
  expect(moneyPreview(amount, 4990, { amount: 4990, currency: 'eur' })).toBe('49.90 EUR (sent to Stripe as 4990)');
  expect(moneyPreview(amount, 1500, { amount: 1500, currency: 'jpy' })).toBe('1500 JPY (sent to Stripe as 1500)');
  expect(moneyPreview(amount, 12500, { amount: 12500, currency: 'kwd' })).toBe('12.500 KWD (sent to Stripe as 12500)');
});

test('a list of amounts is previewed entry by entry; no currency or a plain input gives no money preview', () => {
  const amounts = targetOf('create-checkout-session', 'amount');
  expect(moneyPreview(amounts, [1200, null], { currency: 'eur' })).toBe('12.00, (none) EUR (sent to Stripe as [1200,null])');
  expect(moneyPreview(amounts, [1200], {})).toBeNull();
  expect(moneyPreview(targetOf('charge-customer', 'description'), 'x', { currency: 'eur' })).toBeNull();
});
