import { renewLease } from '../runs/repository';
import type { Db } from '../store/db';

export interface Lease {
  /** True once another worker took the run over: stop and record nothing more. */
  lost(): boolean;
  end(): void;
}

/**
 * Renews this worker's claim on a run three times per lease, so two renewals can fail
 * (a slow database, a long pause) before the lease lapses and the run may be taken over.
 */
export function holdLease(db: Db, runId: string, workerId: string, leaseSeconds: number): Lease {
  let lost = false;
  const renewal = setInterval(
    () => {
      renewLease(db, runId, workerId, leaseSeconds)
        .then((held) => {
          if (!held) lost = true;
        })
        .catch(() => undefined);
    },
    (leaseSeconds * 1000) / 3,
  );
  renewal.unref();
  return { lost: () => lost, end: () => clearInterval(renewal) };
}
