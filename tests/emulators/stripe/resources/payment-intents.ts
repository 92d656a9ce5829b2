import { invalidRequest } from '../errors';
import { newId, nowSeconds } from '../ids';
import { allOf, createdFilter, type StripeObject } from '../store';
import {
  assignFields,
  fieldEquals,
  fromFixture,
  listOptions,
  mergeMetadata,
  type Operation,
  type OperationContext,
} from './context';
import { recordCharge } from './charges';
import { usePaymentMethod } from './payment-methods';
import { cardOf, charge, chargeFailed } from './test-cards';

/** PaymentIntents: created, confirmed on a test card, and left in the status Stripe would leave them in. */

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation'];

const isOffSession = (value: unknown) => value === true || value === 'one_off' || value === 'recurring';

function unexpectedState(message: string, param?: string): Error {
  return invalidRequest(message, { code: 'payment_intent_unexpected_state', param });
}

/**
 * Charges the intent's payment method. A decline leaves the intent in
 * `requires_payment_method` with `last_payment_error` and answers 402, as Stripe does; a card
 * that needs 3-D Secure moves to `requires_action` on session and is declined off session.
 */
export function confirmIntent(context: OperationContext, intent: StripeObject): StripeObject {
  const { params, state } = context;
  const status = intent.status as string;
  if (!CONFIRMABLE.includes(status)) {
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method.`,
    );
  }
  if (typeof params.payment_method === 'string')
    intent.payment_method = usePaymentMethod(context, params.payment_method, 'payment_method').id;
  if (!intent.payment_method) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. Specify a payment method attached to the customer along with the customer ID.",
      'payment_method',
    );
  }
  const paymentMethod = state.paymentMethods.require(intent.payment_method as string, 'payment_method');
  if (intent.customer && paymentMethod.customer && paymentMethod.customer !== intent.customer) {
    throw invalidRequest('The provided PaymentMethod is attached to a different Customer than the one on this PaymentIntent.', {
      param: 'payment_method',
    });
  }
  const offSession = isOffSession(params.off_session);
  let result = charge(cardOf(paymentMethod), offSession);
  if (result.outcome === 'requires_action' && params.error_on_requires_action === true)
    result = charge(cardOf(paymentMethod), true);
  if (result.outcome === 'requires_action') {
    const returnUrl = typeof params.return_url === 'string' ? params.return_url : null;
    Object.assign(intent, {
      status: 'requires_action',
      next_action: returnUrl
        ? {
            type: 'redirect_to_url',
            redirect_to_url: {
              return_url: returnUrl,
              url: `https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=${intent.id}`,
            },
          }
        : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: '' } },
    });
    return intent;
  }
  const chargeId = newId('ch');
  intent.latest_charge = chargeId;
  recordCharge(context, { chargeId, intent, paymentMethod, failure: result.outcome === 'failed' ? result.error : null });
  if (result.outcome === 'failed') {
    Object.assign(intent, {
      status: 'requires_payment_method',
      next_action: null,
      last_payment_error: { ...result.error, charge: chargeId, payment_method: paymentMethod },
    });
    throw chargeFailed(result.error, { charge: chargeId, payment_intent: intent, payment_method: paymentMethod });
  }
  Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, next_action: null, last_payment_error: null });
  return intent;
}

export const createPaymentIntent: Operation = (context) => {
  const { params, state } = context;
  if (params.customer) state.customers.require(params.customer as string, 'customer');
  if (params.off_session !== undefined && params.confirm !== true) {
    throw invalidRequest('off_session can only be used when confirm=true.', { param: 'off_session' });
  }
  if (typeof params.amount === 'number' && params.amount < 1) {
    throw invalidRequest('This value must be greater than or equal to 1.', {
      code: 'parameter_invalid_integer',
      param: 'amount',
    });
  }
  const paymentMethod =
    typeof params.payment_method === 'string' ? usePaymentMethod(context, params.payment_method, 'payment_method') : null;
  const intent = fromFixture('payment_intent', 'pi', context);
  Object.assign(intent, {
    amount: params.amount,
    currency: params.currency,
    customer: params.customer ?? null,
    canceled_at: null,
    created: nowSeconds(),
    payment_method: paymentMethod?.id ?? null,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    client_secret: `${intent.id}_secret_${newId('x').slice(2, 27)}`,
  });
  assignFields(intent, params, ['description', 'receipt_email', 'statement_descriptor', 'capture_method']);
  mergeMetadata(intent, params.metadata);
  if (Array.isArray(params.payment_method_types)) intent.payment_method_types = params.payment_method_types;
  // Stored before confirming: a declined intent still exists, in requires_payment_method.
  state.paymentIntents.insert(intent);
  return params.confirm === true ? confirmIntent(context, intent) : intent;
};

export const retrievePaymentIntent: Operation = ({ path, state }) => state.paymentIntents.require(path.intent);

export const confirmPaymentIntent: Operation = (context) =>
  confirmIntent(context, context.state.paymentIntents.require(context.path.intent));

export const listPaymentIntents: Operation = ({ params, state }) =>
  state.paymentIntents.list({
    ...listOptions(params),
    filter: allOf(fieldEquals('customer', params.customer), createdFilter(params.created)),
  });
