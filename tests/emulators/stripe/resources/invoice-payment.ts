import { cardError, invalidRequest } from '../errors';
import { newId, nowSeconds } from '../ids';
import type { StripeObject } from '../store';
import { fromFixture, type OperationContext, type Operation } from './context';
import { recordCharge } from './charges';
import { finalize, markPaid, notAllowed } from './invoices';
import { usePaymentMethod } from './payment-methods';
import { cardOf, charge, chargeFailed } from './test-cards';

/**
 * Paying an invoice: out of band (no charge, recorded as paid), or by charging a payment
 * method: the one given, the invoice's default, or the customer's default. A decline leaves
 * the invoice open with one more attempt.
 */
function paymentMethodFor(context: OperationContext, invoice: StripeObject): StripeObject | 'legacy-source' | null {
  const { params, state } = context;
  const given = (params.payment_method as string | undefined) ?? (invoice.default_payment_method as string | null);
  if (given) return usePaymentMethod(context, given, 'payment_method');
  if (params.source || invoice.default_source) return 'legacy-source';
  const customer = state.customers.get(invoice.customer as string);
  const settings = customer?.invoice_settings as { default_payment_method?: string | null } | undefined;
  if (settings?.default_payment_method) return usePaymentMethod(context, settings.default_payment_method, 'payment_method');
  return customer?.default_source ? 'legacy-source' : null;
}

/** The PaymentIntent Stripe keeps for a finalized invoice's payment attempts. */
function intentFor(context: OperationContext, invoice: StripeObject, paymentMethod: StripeObject): StripeObject {
  const existing =
    typeof invoice.payment_intent === 'string' ? context.state.paymentIntents.get(invoice.payment_intent) : undefined;
  const intent = existing ?? fromFixture('payment_intent', 'pi', context);
  Object.assign(intent, {
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    customer: invoice.customer,
    invoice: invoice.id,
    canceled_at: null,
    payment_method: paymentMethod.id,
    latest_charge: newId('ch'),
  });
  if (!existing) context.state.paymentIntents.insert(intent);
  invoice.payment_intent = intent.id;
  return intent;
}

export const payInvoice: Operation = (context) => {
  const { params, path, state } = context;
  const invoice = state.invoices.require(path.invoice);
  if (invoice.status !== 'draft' && invoice.status !== 'open') throw notAllowed(invoice, 'pay');
  const outOfBand = params.paid_out_of_band === true;
  const paymentMethod = outOfBand ? null : paymentMethodFor(context, invoice);
  if (!outOfBand && paymentMethod === null) {
    throw invalidRequest(
      'This customer has no attached payment source or default payment method. Attach one, or pay with paid_out_of_band=true.',
      { code: 'invoice_no_payment_method' },
    );
  }
  if (invoice.status === 'draft') finalize(state, invoice);
  if (invoice.status !== 'open') return invoice;
  const now = nowSeconds();
  if (outOfBand || paymentMethod === 'legacy-source' || paymentMethod === null) {
    if (outOfBand) invoice.paid_out_of_band = true;
    invoice.attempt_count = (invoice.attempt_count as number) + (outOfBand ? 0 : 1);
    markPaid(invoice, now);
    return invoice;
  }
  invoice.attempted = true;
  invoice.attempt_count = (invoice.attempt_count as number) + 1;
  const intent = intentFor(context, invoice, paymentMethod);
  // Stripe keeps an invoice payable by the customer: a card that asks for 3-D Secure leaves
  // the invoice's PaymentIntent in requires_action even off session (the hosted invoice
  // page completes it), instead of declining it.
  const result = charge(cardOf(paymentMethod), false);
  if (result.outcome !== 'requires_action') {
    const failure = result.outcome === 'failed' ? result.error : null;
    recordCharge(context, { chargeId: intent.latest_charge as string, intent, paymentMethod, failure });
  }
  if (result.outcome === 'succeeded') {
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, last_payment_error: null, next_action: null });
    invoice.charge = intent.latest_charge;
    markPaid(invoice, now);
    return invoice;
  }
  if (result.outcome === 'requires_action') {
    Object.assign(intent, { status: 'requires_action', next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} } });
    throw cardError(
      'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with `invoice.payment_intent`.',
      { code: 'invoice_payment_intent_requires_action', payment_intent: intent },
    );
  }
  Object.assign(intent, {
    status: 'requires_payment_method',
    last_payment_error: { ...result.error, charge: intent.latest_charge, payment_method: paymentMethod },
  });
  throw chargeFailed(result.error, {
    charge: intent.latest_charge as string,
    payment_intent: intent,
    payment_method: paymentMethod,
  });
};
