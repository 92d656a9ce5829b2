export { accountContext } from './account-context';
export { bucketShape, expectRequest, PACING_SHARE, sendBudgetHook } from './send-budget';
export { reserve, takeAvailable, slotDelaysMs, type BucketShape, type Lease } from './store';
