import type { ConnectorDefinition, DeliveredFinder } from '../sdk';
import { foundInStripe, type StripeObjectKind } from './find-delivered';
import { checkMetadataRoom, withItemTag } from './tags';
import { stripeAccount, type StripeCredentials } from './account';
import { addInvoiceItem } from './actions/add-invoice-item';
import { applyPaymentToInvoices } from './actions/apply-payment-to-invoices';
import { chargeCustomer } from './actions/charge-customer';
import { createCheckoutSession } from './actions/create-checkout-session';
import { createCustomer } from './actions/create-customer';
import { createInvoice } from './actions/create-invoice';
import { createPaymentLink } from './actions/create-payment-link';
import { finalizeInvoice } from './actions/finalize-invoice';
import { payInvoice } from './actions/pay-invoice';
import { sendInvoice } from './actions/send-invoice';
import { updateCustomer } from './actions/update-customer';
import { voidInvoice } from './actions/void-invoice';
import { stripeEvent } from './triggers/event';
import { newObject } from './triggers/new-object';
import { snapshot } from './triggers/snapshot';
import { updatedObject } from './triggers/updated-object';

/** What each action that creates one object per item creates: where to look for it. */
const creates: Record<string, StripeObjectKind> = {
  'create-customer': 'customer',
  'add-invoice-item': 'invoice item',
  'create-invoice': 'invoice',
  'create-payment-link': 'payment link',
  'create-checkout-session': 'checkout session',
  'charge-customer': 'payment',
};

/**
 * Every action runs with its item's tag, so whatever it creates carries it (tags.ts);
 * those that create one object per item also get the finder that looks for that tag when
 * an earlier attempt's answer was lost beyond Stripe's 24-hour key window.
 */
function tagged(actions: ConnectorDefinition<StripeCredentials>['actions']): ConnectorDefinition<StripeCredentials>['actions'] {
  return Object.fromEntries(
    Object.entries(actions).map(([name, action]) => [
      name,
      {
        ...action,
        execute: async (args: Parameters<typeof action.execute>[0]) => {
          checkMetadataRoom(args.input);
          return withItemTag(args.itemTag, () => action.execute(args));
        },
        ...(creates[name] ? { findDelivered: taggedFinder(action.findDelivered ?? foundInStripe(creates[name])) } : {}),
      },
    ]),
  );
}

/**
 * An action may bring its own finder (Create Invoice finishes what an earlier attempt left
 * undone); what a finder creates carries the item's tag like what `execute` creates.
 */
function taggedFinder<O, I>(finder: DeliveredFinder<O, I, StripeCredentials>): DeliveredFinder<O, I, StripeCredentials> {
  return { ...finder, find: (args) => withItemTag(args.itemTag, () => finder.find(args)) };
}

export { dashboardUrl, modeOfKey, STRIPE_API_VERSION } from './client';

export const stripe: ConnectorDefinition<StripeCredentials> = {
  name: 'stripe',
  displayName: 'Stripe',
  description: 'Payments and billing: customers, invoices, payment links, checkout pages, charges and payments received.',
  account: stripeAccount,
  triggers: {
    'new-object': newObject,
    'updated-object': updatedObject,
    snapshot,
    event: stripeEvent,
  },
  actions: tagged({
    'create-customer': createCustomer,
    'add-invoice-item': addInvoiceItem,
    'create-invoice': createInvoice,
    'update-customer': updateCustomer,
    'create-payment-link': createPaymentLink,
    'create-checkout-session': createCheckoutSession,
    'finalize-invoice': finalizeInvoice,
    'send-invoice': sendInvoice,
    'pay-invoice': payInvoice,
    'void-invoice': voidInvoice,
    'charge-customer': chargeCustomer,
    'apply-payment-to-invoices': applyPaymentToInvoices,
  }),
};
