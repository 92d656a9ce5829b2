import { EmulatedError } from './errors';

/** A response as first sent, replayed byte for byte for the same key and parameters. */
export interface SavedResponse {
  status: number;
  body: string;
}

type Entry = { fingerprint: string; saved?: SavedResponse; firstSeen: number };

/** Stripe forgets a key once it is at least 24 hours old; a later request with it runs anew. */
export const KEY_LIFETIME_SECONDS = 24 * 60 * 60;

export type Claim = { kind: 'new' } | { kind: 'replay'; saved: SavedResponse };

/**
 * Stripe's idempotency for POST: the first request with a key runs; later ones with the same
 * key and parameters get its saved response; different parameters are an idempotency_error;
 * a request arriving while the first one is still running gets 409. Results are only saved
 * once an endpoint started executing, so a validation error or an injected fault leaves the
 * key free, as in Stripe. Keys expire after 24 hours of the emulator's clock.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** `now` in seconds: the emulator's clock, so a test can let a day pass. */
  constructor(private readonly now: () => number = () => Math.floor(Date.now() / 1000)) {}

  claim(scope: string, key: string, fingerprint: string): Claim {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry || this.now() - entry.firstSeen >= KEY_LIFETIME_SECONDS) {
      this.entries.set(id, { fingerprint, firstSeen: this.now() });
      return { kind: 'new' };
    }
    if (!entry.saved) {
      throw new EmulatedError(409, {
        type: 'idempotency_error',
        message: `Another request with the idempotency key '${key}' is still being processed. Retry once it has finished.`,
      });
    }
    if (entry.fingerprint !== fingerprint) {
      throw new EmulatedError(400, {
        type: 'idempotency_error',
        message:
          `The idempotency key '${key}' was first used with different parameters. A key can only be reused with ` +
          `the same request; send a new key for a different one.`,
      });
    }
    return { kind: 'replay', saved: entry.saved };
  }

  save(scope: string, key: string, saved: SavedResponse): void {
    const entry = this.entries.get(`${scope}\u0000${key}`);
    if (entry) entry.saved = saved;
  }

  release(scope: string, key: string): void {
    const id = `${scope}\u0000${key}`;
    if (!this.entries.get(id)?.saved) this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Same method, path and parameters, whatever the key order. */
export function fingerprint(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${stableJson(params)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
