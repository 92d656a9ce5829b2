import crypto from 'node:crypto';
import { newId, newRequestId, withClock } from './ids';
import { fixture } from './spec/load';
import type { StripeState } from './state';
import type { StripeObject } from './store';

/**
 * Objects made directly, without an API call: those only Stripe itself makes (disputes,
 * application fees, balance transactions, payouts) and large amounts of test data. Each
 * starts from Stripe's official sample of its kind, gets a fresh id, the emulator clock's
 * `created` and the given fields, and is announced by events like any other new object.
 */
const PREFIXES: Record<string, string> = {
  customer: 'cus',
  charge: 'ch',
  refund: 're',
  invoice: 'in',
  invoiceitem: 'ii',
  payment_intent: 'pi',
  subscription: 'sub',
  plan: 'plan',
  price: 'price',
  product: 'prod',
  coupon: '',
  balance_transaction: 'txn',
  payout: 'po',
  transfer: 'tr',
  application_fee: 'fee',
  dispute: 'dp',
};

export const SEEDABLE_KINDS = Object.keys(PREFIXES);

function newObject(kind: string, fields: Record<string, unknown>, livemode: boolean): StripeObject {
  const object = fixture(kind) as StripeObject;
  const prefix = PREFIXES[kind]!;
  // Coupon ids are short codes without a prefix (Z4OV52SU).
  object.id = prefix ? newId(prefix) : crypto.randomBytes(4).toString('hex').toUpperCase();
  return Object.assign(object, { livemode, ...('metadata' in object ? { metadata: {} } : {}) }, fields);
}

export function seedObjects(
  state: StripeState,
  args: { kind: string; count?: number; fields?: (index: number) => Record<string, unknown>; livemode?: boolean },
): StripeObject[] {
  const collection = state.collectionOf(args.kind);
  if (!collection || !(args.kind in PREFIXES)) {
    throw new Error(`The emulator cannot make "${args.kind}" objects; it can make ${SEEDABLE_KINDS.join(', ')}.`);
  }
  const livemode = args.livemode ?? false;
  return withClock(state.clock, () =>
    state.write({ id: newRequestId(), idempotencyKey: null, livemode }, () =>
      Array.from({ length: args.count ?? 1 }, (_, index) =>
        collection.insert(newObject(args.kind, { created: state.clock.now(), ...args.fields?.(index) }, livemode)),
      ),
    ),
  );
}
