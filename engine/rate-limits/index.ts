export { accountContext } from './account-context';
export { sendBudgetHook, PACING_SHARE } from './send-budget';
export { reserve, takeAvailable, slotDelaysMs, type BucketShape, type Lease } from './store';
