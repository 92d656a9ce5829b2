import { createPrice, createProduct, listPrices, listProducts } from './resources/catalog';
import type { Operation } from './resources/context';
import {
  createCustomer,
  deleteCustomer,
  listCustomers,
  retrieveCustomer,
  searchCustomers,
  updateCustomer,
} from './resources/customers';
import {
  createInvoiceItem,
  deleteInvoiceItem,
  listInvoiceItems,
  retrieveInvoiceItem,
  updateInvoiceItem,
} from './resources/invoice-items';
import {
  createInvoice,
  deleteInvoice,
  finalizeInvoice,
  listInvoices,
  retrieveInvoice,
  sendInvoice,
  updateInvoice,
  voidInvoice,
} from './resources/invoices';
import {
  confirmPaymentIntent,
  createPaymentIntent,
  listPaymentIntents,
  retrievePaymentIntent,
} from './resources/payment-intents';
import {
  attachPaymentMethod,
  createPaymentMethod,
  detachPaymentMethod,
  listCustomerPaymentMethods,
  listPaymentMethods,
  retrievePaymentMethod,
} from './resources/payment-methods';
import {
  createCheckoutSession,
  createPaymentLink,
  listCheckoutSessions,
  listPaymentLinks,
  retrieveCheckoutSession,
  retrievePaymentLink,
  updatePaymentLink,
} from './resources/payment-pages';
import { payInvoice } from './resources/invoice-payment';
import { createRefund } from './resources/charges';
import { listOperations } from './resources/lists';
import { searchOperation } from './resources/search';
import { upcomingInvoice } from './resources/upcoming-invoice';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  retrieveWebhookEndpoint,
  updateWebhookEndpoint,
} from './resources/webhook-endpoints';

/** What each operation of the spec does, by the spec's operationId. */
export const operations: Record<string, Operation> = {
  PostCustomers: createCustomer,
  GetCustomers: listCustomers,
  GetCustomersSearch: searchCustomers,
  GetCustomersCustomer: retrieveCustomer,
  PostCustomersCustomer: updateCustomer,
  DeleteCustomersCustomer: deleteCustomer,
  PostInvoiceitems: createInvoiceItem,
  GetInvoiceitems: listInvoiceItems,
  GetInvoiceitemsInvoiceitem: retrieveInvoiceItem,
  PostInvoiceitemsInvoiceitem: updateInvoiceItem,
  DeleteInvoiceitemsInvoiceitem: deleteInvoiceItem,
  PostInvoices: createInvoice,
  GetInvoices: listInvoices,
  GetInvoicesSearch: searchOperation((s) => s.invoices, ['customer', 'status', 'number', 'currency'], '/v1/invoices/search'),
  GetInvoicesUpcoming: upcomingInvoice,
  GetInvoicesInvoice: retrieveInvoice,
  PostInvoicesInvoice: updateInvoice,
  DeleteInvoicesInvoice: deleteInvoice,
  PostInvoicesInvoiceFinalize: finalizeInvoice,
  PostInvoicesInvoicePay: payInvoice,
  PostInvoicesInvoiceSend: sendInvoice,
  PostInvoicesInvoiceVoid: voidInvoice,
  PostProducts: createProduct,
  GetProducts: listProducts,
  PostPrices: createPrice,
  GetPrices: listPrices,
  PostPaymentLinks: createPaymentLink,
  GetPaymentLinks: listPaymentLinks,
  GetPaymentLinksPaymentLink: retrievePaymentLink,
  PostPaymentLinksPaymentLink: updatePaymentLink,
  PostCheckoutSessions: createCheckoutSession,
  GetCheckoutSessionsSession: retrieveCheckoutSession,
  GetCheckoutSessions: listCheckoutSessions,
  PostPaymentIntents: createPaymentIntent,
  GetPaymentIntents: listPaymentIntents,
  GetPaymentIntentsSearch: searchOperation(
    (s) => s.paymentIntents,
    ['customer', 'status', 'currency'],
    '/v1/payment_intents/search',
  ),
  GetPaymentIntentsIntent: retrievePaymentIntent,
  PostPaymentIntentsIntentConfirm: confirmPaymentIntent,
  ...listOperations,
  PostRefunds: createRefund,
  PostWebhookEndpoints: createWebhookEndpoint,
  GetWebhookEndpoints: listWebhookEndpoints,
  GetWebhookEndpointsWebhookEndpoint: retrieveWebhookEndpoint,
  PostWebhookEndpointsWebhookEndpoint: updateWebhookEndpoint,
  DeleteWebhookEndpointsWebhookEndpoint: deleteWebhookEndpoint,
  PostPaymentMethods: createPaymentMethod,
  GetPaymentMethods: listPaymentMethods,
  GetPaymentMethodsPaymentMethod: retrievePaymentMethod,
  PostPaymentMethodsPaymentMethodAttach: attachPaymentMethod,
  PostPaymentMethodsPaymentMethodDetach: detachPaymentMethod,
  GetCustomersCustomerPaymentMethods: listCustomerPaymentMethods,
};
