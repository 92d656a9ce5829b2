import type { ActionDefinition, ActionResult, JsonObject, SourceItem } from '../../connectors/sdk';
import { isConnectorError } from '../../connectors/sdk';
import { accountContext } from '../rate-limits';
import { loadCredentials } from '../runner/credentials';
import { idempotencyKey, itemTag, testSendKey } from '../runner/idempotency';
import { recordBatch } from '../runs/repository';
import type { ItemOutcome, ItemResult, RunRecord } from '../runs/types';
import { allow, type Actor } from '../teams/actor';
import { ServiceError } from '../workspaces/service-error';
import { compileOrThrow, loadForSamples, sampleItems } from './samples';
import type { ConnectionServiceDeps } from './service';
import type { ConnectionRecord } from './types';

/** How many of the newest source items a test send can pick from. */
export const TEST_SEND_CHOICES = 10;

/** The metadata key that marks an object made from sample data in the destination. */
export const TEST_MARKER = 'tributary_test';

async function chooseItem(
  deps: ConnectionServiceDeps,
  record: ConnectionRecord,
  choice: { itemKey?: string; itemIndex?: number },
): Promise<{ item: SourceItem; sampleData: boolean }> {
  if (choice.itemKey !== undefined && choice.itemIndex !== undefined) {
    throw new ServiceError('validation_failed', 'Choose the item by its key or by its number, not both.', {
      fields: [{ field: 'itemIndex', message: 'leave it out when itemKey is given.' }],
    });
  }
  const samples = await sampleItems(deps, record, { limit: TEST_SEND_CHOICES });
  const item =
    choice.itemKey !== undefined
      ? samples.items.find((candidate) => candidate.key === choice.itemKey)
      : samples.items[choice.itemIndex ?? 0];
  if (!item) {
    const field = choice.itemKey !== undefined ? 'itemKey' : 'itemIndex';
    throw new ServiceError(
      'validation_failed',
      `There is no recent item ${choice.itemKey !== undefined ? `with the key "${choice.itemKey}"` : 'with that number'}. Pick one of the newest ${TEST_SEND_CHOICES} items the preview shows.`,
      { fields: [{ field, message: 'is not one of the newest source items.' }] },
    );
  }
  return { item, sampleData: samples.fromSampleData };
}

/** Sample data is made visible as a test in the destination, where its objects take metadata. */
function markedAsTest(action: ActionDefinition, input: JsonObject): JsonObject {
  const properties = (action.inputSchema.properties ?? {}) as Record<string, unknown>;
  if (!('metadata' in properties)) return input;
  return { ...input, metadata: { ...(input.metadata as JsonObject | undefined), [TEST_MARKER]: 'true' } };
}

/** How an item already in the ledger was sent: its object and what its run log entry says. */
async function previousDelivery(deps: ConnectionServiceDeps, connectionId: string, itemKey: string) {
  const row = (await deps
    .db('ledger as l')
    .leftJoin('run_items as i', function sameItem() {
      this.on('i.run_id', 'l.run_id').andOn('i.item_key', 'l.item_key');
    })
    .where({ 'l.connection_id': connectionId, 'l.item_key': itemKey })
    .first('l.destination_object_id', 'l.run_id', 'i.result')) as
    { destination_object_id: string | null; run_id: string | null; result: ItemResult | null } | undefined;
  return row ? { objectId: row.destination_object_id, runId: row.run_id, result: row.result } : null;
}

/** The test send in the run log: a finished run of one item (trigger "test"). */
async function recordTestSend(
  deps: ConnectionServiceDeps,
  record: ConnectionRecord,
  outcome: ItemOutcome,
  countsAsDelivery: boolean,
): Promise<RunRecord> {
  return deps.db.transaction(async (trx) => {
    const [run] = (await trx('runs')
      .insert({
        workspace_id: record.workspace_id,
        connection_id: record.id,
        trigger: 'test',
        status: 'succeeded',
        started_at: trx.fn.now(),
        finished_at: trx.fn.now(),
        attempt: 1,
      })
      .returning('*')) as RunRecord[];
    await recordBatch(trx, { runId: run!.id, connectionId: record.id, outcomes: [outcome], inLedger: countsAsDelivery });
    return (await trx('runs').where({ id: run!.id }).first()) as RunRecord;
  });
}

/**
 * Performs the action for one of the newest source items (chosen by key or number) and
 * returns what the destination made. A real source item is sent as its delivery: with
 * the idempotency keys a run would use, recorded in the ledger with the object made, so
 * the next run skips it instead of billing twice (issue 12.4). Sample data (the source
 * has nothing yet) is marked as a test in the destination's metadata and never enters
 * the ledger. Either way the test send appears in the run log as a run of one item.
 */
export async function testSend(args: {
  deps: ConnectionServiceDeps;
  actor: Actor;
  id: string;
  itemKey?: string;
  itemIndex?: number;
}) {
  const { deps } = args;
  const { record, action } = await loadForSamples(deps, allow(args.actor, 'connections.build'), args.id);
  if (!action)
    throw new ServiceError('validation_failed', 'Choose a destination action first.', {
      fields: [{ field: 'destination.action', message: 'is required.' }],
    });
  const { item, sampleData } = await chooseItem(deps, record, args);
  const compiled = compileOrThrow(deps, record, action);
  const mapped = await compiled.mapping.apply(item.data);
  if (!mapped.ok) {
    throw new ServiceError('validation_failed', mapped.errors.map((e) => e.message).join('; '), {
      fields: mapped.errors.map((error) => ({ field: `mapping.${error.field}`, message: error.message })),
    });
  }
  const chosen = { key: item.key, source: item.data };

  if (!sampleData) {
    const previous = await previousDelivery(deps, record.id, item.key);
    // Sending it again could make a second object once Stripe forgot the idempotency key.
    if (previous) {
      return {
        item: chosen,
        input: mapped.input,
        objectId: previous.objectId,
        summary: `Already sent; nothing was sent again. ${previous.result?.summary ?? ''}`.trim(),
        dashboardUrl: previous.result?.url ?? null,
        output: previous.result?.output ?? null,
        alreadySent: true,
        sampleData,
        runId: previous.runId,
      };
    }
  }

  const input = sampleData ? markedAsTest(action, mapped.input) : mapped.input;
  const credentials = await loadCredentials(deps.db, deps.secretKey, record.workspace_id, record.destination_account_id);
  const execute = () =>
    action.execute({
      credentials,
      options: record.destination_options,
      input,
      idempotencyKey: sampleData ? testSendKey : (step) => idempotencyKey(record.id, item.key, step),
      // A test send counts against the account's rate like a run's requests do.
      context: accountContext({
        ...deps,
        connector: record.destination_connector,
        accountId: record.destination_account_id,
        credentials,
      }),
      connectionId: record.id,
      emptyInputs: mapped.empty,
      // A real item's test send counts as its delivery, so what it creates carries the item's tag.
      itemTag: sampleData ? undefined : itemTag(record.id, item.key),
    });
  // It takes its natural key's turn like a run's item, so it cannot race a run to create a customer.
  const naturalKey = action.naturalKey?.({ options: record.destination_options, input }) ?? null;
  let result: ActionResult;
  try {
    result =
      naturalKey === null
        ? await execute()
        : await deps.locks.withKey(`${record.destination_account_id ?? record.id}:${naturalKey}`, execute);
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    const param = typeof error.details.param === 'string' ? error.details.param : undefined;
    throw new ServiceError('connector_failed', error.message, {
      destinationError: error.details,
      fields: param ? [{ field: `mapping.${param.replace(/\[(\w+)\]/g, '.$1')}`, message: error.message }] : [],
    });
  }

  const label = sampleData ? 'Test send of sample data' : 'Test send of this item';
  const run = await recordTestSend(
    deps,
    record,
    {
      itemKey: item.key,
      status: result.skipped ? 'skipped' : 'sent',
      source: item.data,
      mapped: input,
      destinationObjectId: result.objectId,
      error: null,
      attempts: 1,
      result: {
        summary: `${label}: ${result.summary ?? result.objectId ?? ''}`,
        url: result.url ?? null,
        output: result.output ?? null,
      },
    },
    !sampleData,
  );
  return {
    item: chosen,
    input,
    objectId: result.objectId,
    object: result.object,
    summary: result.summary ?? null,
    dashboardUrl: result.url ?? null,
    output: result.output ?? null,
    skipped: result.skipped ?? false,
    alreadySent: false,
    sampleData,
    runId: run.id,
  };
}
