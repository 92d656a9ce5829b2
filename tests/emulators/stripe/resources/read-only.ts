import { fixture } from '../spec/load';
import { emptyList, type Operation } from './context';

/** Endpoints the product only reads and the emulator has nothing to hold for: empty lists. */
function emptyListAt(url: string): Operation {
  return () => emptyList(url);
}

export const readOnlyOperations: Record<string, Operation> = {
  GetCharges: emptyListAt('/v1/charges'),
  GetRefunds: emptyListAt('/v1/refunds'),
  GetSubscriptions: emptyListAt('/v1/subscriptions'),
  GetPlans: emptyListAt('/v1/plans'),
  GetBalanceTransactions: emptyListAt('/v1/balance_transactions'),
  GetEvents: emptyListAt('/v1/events'),
  GetCoupons: emptyListAt('/v1/coupons'),
  GetTransfers: emptyListAt('/v1/transfers'),
  GetApplicationFees: emptyListAt('/v1/application_fees'),
  GetBalance: ({ livemode }) => ({ ...fixture('balance'), livemode }),
  GetAccount: () => fixture('account'),
};
