import type { JsonObject } from '../../../connectors/sdk';
import { getRun } from '../../../engine/runs/repository';
import { retryFailedItems } from '../../../engine/runs/service';
import type { RunRecord } from '../../../engine/runs/types';
import { createWorker } from '../../../engine/worker/worker';
import { ownerActor } from '../../support/actor';
import { runOnce, webhookConnection, type Harness } from './harness';

// Set-up shared by the tests of issue 15.3 (exactly once past Stripe's 24-hour key window).

/** Time passes for Stripe (keys older than 24 h are forgotten) and for our records alike. */
export async function letTimePass(h: Harness, seconds: number): Promise<void> {
  h.stripe.clock.advance(seconds);
  await h.database.db.raw(
    `update item_attempts set first_attempt_at = first_attempt_at - make_interval(secs => :seconds),
                              last_attempt_at = last_attempt_at - make_interval(secs => :seconds)`,
    { seconds },
  );
}

/** The look-ups (every GET) Stripe was asked since the requests were last cleared. */
export const lookUps = (h: Harness): string[] => h.stripe.requests.filter((r) => r.method === 'GET').map((r) => r.path);

/**
 * A first run of a webhook connection whose one item fails because every request to
 * `path` meets `fault` (twice: the client retries a dropped connection once). With
 * `drop-after` the object is made in Stripe and the answer is lost.
 */
export async function lostAnswer(
  h: Harness,
  args: {
    action: string;
    mapping: Record<string, string>;
    payload: JsonObject;
    path: string;
    options?: JsonObject;
    fault?: 'drop-after' | 'drop-before';
  },
): Promise<{ connectionId: string; run: RunRecord }> {
  const connectionId = await webhookConnection(h, args.action, args.mapping, [args.payload], args.options);
  h.stripe.faults.failNext({ method: 'POST', path: args.path }, { kind: args.fault ?? 'drop-after' }, 2);
  const run = await runOnce(h, connectionId);
  expect(run).toMatchObject({ status: 'partial', items_failed: 1 });
  return { connectionId, run };
}

/** A person retries the run's failed items from the run log; a worker runs the retry. */
export async function retryLater(h: Harness, run: RunRecord): Promise<RunRecord> {
  const retry = await retryFailedItems({
    db: h.database.db,
    actor: await ownerActor(h.database.db, h.workspaceId),
    runId: run.id,
  });
  await createWorker(h.deps).drain();
  return (await getRun(h.database.db, retry!.id))!;
}
