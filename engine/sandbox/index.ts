// Untrusted work lives here: users' JSONata expressions run in sandbox processes with a
// deadline per item and a memory cap, never in the event loop that serves the API, the
// hooks, the scheduler and the worker. Nothing outside this folder handles those processes.
import { ExpressionPool } from './pool';
import type { ExpressionSandbox } from './types';

export { ExpressionPool, DEFAULT_EXPRESSION_TIMEOUT_MS, describeDuration } from './pool';
export type { ExpressionPoolOptions } from './pool';
export type { ExpressionResult, ExpressionSandbox, SandboxAnswer, SandboxRequest } from './types';

let shared: ExpressionPool | null = null;

/**
 * The process's pool with default settings, started on first use, for callers that were
 * not handed one (the engine hands its configured pool to the API and the runner).
 */
export function sharedExpressionPool(): ExpressionSandbox {
  shared ??= new ExpressionPool();
  return shared;
}
