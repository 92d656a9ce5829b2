import { currencyRules } from '../../../../connectors/sdk/money';
import { invalidRequest } from '../errors';
import { nowSeconds } from '../ids';
import type { StripeObject } from '../store';
import { fromFixture, mergeMetadata, type Operation, type OperationContext } from './context';
import { cardOf, type LastError } from './test-cards';

/**
 * What a payment attempt leaves behind in Stripe: a charge (succeeded or failed) and, for
 * money that moved, a balance transaction. Refunds give some of it back.
 */

const DAY = 86_400;

// Stripe's standard card pricing is 2.9% plus a fixed part; the percentage alone keeps the
// emulator's fee plausible in every currency without a table of fixed parts.
function processingFee(amount: number): number {
  return Math.round(amount * 0.029);
}

function balanceTransaction(
  context: OperationContext,
  args: { amount: number; currency: string; source: string; type: 'charge' | 'refund'; description: string | null },
): StripeObject {
  const txn = fromFixture('balance_transaction', 'txn', context);
  const fee = args.type === 'charge' ? processingFee(args.amount) : 0;
  const created = txn.created as number;
  Object.assign(txn, {
    amount: args.amount,
    currency: args.currency,
    description: args.description,
    fee,
    fee_details: fee
      ? [{ amount: fee, application: null, currency: args.currency, description: 'Stripe processing fees', type: 'stripe_fee' }]
      : [],
    net: args.amount - fee,
    reporting_category: args.type,
    source: args.source,
    status: 'pending',
    available_on: created + 2 * DAY,
    type: args.type,
  });
  return context.state.balanceTransactions.insert(txn);
}

/** Records the charge of a payment intent's attempt under `chargeId` (the intent's latest_charge). */
export function recordCharge(
  context: OperationContext,
  args: { chargeId: string; intent: StripeObject; paymentMethod: StripeObject; failure: LastError | null },
): StripeObject {
  const { intent, paymentMethod, failure } = args;
  const charge = fromFixture('charge', 'ch', context);
  const amount = intent.amount as number;
  const currency = String(intent.currency);
  const card = cardOf(paymentMethod);
  if (!currencyRules(currency)) throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'currency' });
  Object.assign(charge, {
    id: args.chargeId,
    amount,
    amount_captured: failure ? 0 : amount,
    amount_refunded: 0,
    balance_transaction: null,
    captured: !failure,
    currency,
    customer: intent.customer ?? null,
    description: intent.description ?? null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    invoice: intent.invoice ?? null,
    metadata: { ...(intent.metadata as object) },
    paid: !failure,
    payment_intent: intent.id,
    payment_method: paymentMethod.id,
    receipt_email: intent.receipt_email ?? null,
    receipt_url: `https://pay.stripe.com/receipts/emulator/${args.chargeId}`,
    refunded: false,
    refunds: { data: [], has_more: false, object: 'list', url: `/v1/charges/${args.chargeId}/refunds` },
    status: failure ? 'failed' : 'succeeded',
  });
  const details = charge.payment_method_details as { card: Record<string, unknown> };
  details.card = { ...details.card, brand: card.brand, network: card.brand, last4: card.number.slice(-4) };
  if (!failure) {
    const description = (intent.description as string | null) ?? null;
    charge.balance_transaction = balanceTransaction(context, {
      amount,
      currency,
      source: charge.id,
      type: 'charge',
      description,
    }).id;
  }
  return context.state.charges.insert(charge);
}

/** POST /v1/refunds: all or part of what is left of a charge (or of an intent's charge). */
export const createRefund: Operation = (context) => {
  const { params, state } = context;
  let chargeId = params.charge as string | undefined;
  if (!chargeId && typeof params.payment_intent === 'string') {
    chargeId = state.paymentIntents.require(params.payment_intent, 'payment_intent').latest_charge as string | undefined;
  }
  if (!chargeId)
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.');
  const charge = state.charges.require(chargeId, 'charge');
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`);
  const left = (charge.amount as number) - (charge.amount_refunded as number);
  if (left === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = (params.amount as number | undefined) ?? left;
  if (amount > left) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, {
      param: 'amount',
      code: 'amount_too_large',
    });
  }
  const refund = fromFixture('refund', 're', context);
  Object.assign(refund, {
    amount,
    charge: charge.id,
    currency: charge.currency,
    payment_intent: charge.payment_intent ?? null,
    reason: params.reason ?? null,
    status: 'succeeded',
    created: nowSeconds(),
  });
  mergeMetadata(refund, params.metadata);
  const currency = String(charge.currency);
  refund.balance_transaction = balanceTransaction(context, {
    amount: -amount,
    currency,
    source: refund.id,
    type: 'refund',
    description: 'REFUND FOR CHARGE',
  }).id;
  const refunded = (charge.amount_refunded as number) + amount;
  Object.assign(charge, { amount_refunded: refunded, refunded: refunded === charge.amount });
  return state.refunds.insert(refund);
};
