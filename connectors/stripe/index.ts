import type { ConnectorDefinition } from '../sdk';
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
  actions: {
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
  },
};
