import type { ExpressionResult } from './expressions';

export type { ExpressionResult };

/** One item and the expressions to evaluate against it (all of that item's, in one request). */
export interface SandboxRequest {
  expressions: string[];
  item: Record<string, unknown>;
}

/**
 * - `done`: each expression's result, in request order.
 * - `stopped`: the expression at `index` ran past the deadline or the memory cap, so its
 *   process was killed; `cause` says why ("took longer than 1 s and was stopped").
 * - `cancelled`: the caller's signal aborted before the item's turn came.
 */
export type SandboxAnswer =
  { status: 'done'; results: ExpressionResult[] } | { status: 'stopped'; index: number; cause: string } | { status: 'cancelled' };

/**
 * Where users' JSONata expressions run: never in the event loop that serves the API, the
 * hooks, the scheduler and the worker, and never without a deadline and a memory cap.
 */
export interface ExpressionSandbox {
  evaluate(request: SandboxRequest, options?: { signal?: AbortSignal }): Promise<SandboxAnswer>;
  /** Stops every process; items still waiting are answered `cancelled`. */
  close(): Promise<void>;
}
