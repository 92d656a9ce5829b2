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
  retrieveCheckoutSession,
  retrievePaymentLink,
  updatePaymentLink,
} from './resources/payment-pages';
import { payInvoice } from './resources/invoice-payment';
import { readOnlyOperations } from './resources/read-only';

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
  GetPaymentLinksPaymentLink: retrievePaymentLink,
  PostPaymentLinksPaymentLink: updatePaymentLink,
  PostCheckoutSessions: createCheckoutSession,
  GetCheckoutSessionsSession: retrieveCheckoutSession,
  GetCheckoutSessions: listCheckoutSessions,
  PostPaymentIntents: createPaymentIntent,
  GetPaymentIntents: listPaymentIntents,
  GetPaymentIntentsIntent: retrievePaymentIntent,
  PostPaymentIntentsIntentConfirm: confirmPaymentIntent,
  ...readOnlyOperations,
  PostPaymentMethods: createPaymentMethod,
  GetPaymentMethods: listPaymentMethods,
  GetPaymentMethodsPaymentMethod: retrievePaymentMethod,
  PostPaymentMethodsPaymentMethodAttach: attachPaymentMethod,
  PostPaymentMethodsPaymentMethodDetach: detachPaymentMethod,
  GetCustomersCustomerPaymentMethods: listCustomerPaymentMethods,
};
