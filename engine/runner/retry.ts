import { ConnectorError, isConnectorError } from '../../connectors/sdk';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * The one place the retry delay is computed: exponential back-off with full jitter (so
 * many items failing together do not retry together), but never sooner than the
 * service asked for with Retry-After.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export interface AttemptResult<T> {
  value?: T;
  error?: ConnectorError;
  attempts: number;
}

/**
 * Runs `operation` until it succeeds, fails permanently, or runs out of attempts.
 * Only `retryable` ConnectorErrors are retried; anything unexpected becomes a
 * permanent item error so one odd item cannot stall a run.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: { policy: RetryPolicy; sleep: (ms: number) => Promise<void>; shouldStop?: () => boolean },
): Promise<AttemptResult<T>> {
  let attempt = 0;
  for (;;) {
    attempt += 1;
    try {
      return { value: await operation(attempt), attempts: attempt };
    } catch (caught) {
      const error = isConnectorError(caught)
        ? caught
        : new ConnectorError('item', caught instanceof Error ? caught.message : String(caught));
      if (error.kind !== 'retryable' || attempt >= options.policy.maxAttempts || options.shouldStop?.()) {
        return { error, attempts: attempt };
      }
      await options.sleep(retryDelayMs(options.policy, attempt, error.retryAfterMs));
    }
  }
}
