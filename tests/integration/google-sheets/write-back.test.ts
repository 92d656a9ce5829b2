// Write-back, an option of the Sheets source: the Stripe customer made from a row lands in a
// column of that row, and writing it there never makes the row count as new.
import { getRun } from '../../../engine/runs/repository';
import { createWorker } from '../../../engine/worker/worker';
import { runOnce } from '../runner/harness';
import { customerEmails, sheetConnection, sheetsHarness } from '../runner/sheet-connection';

const env = sheetsHarness();
const header = ['Email', 'Name', 'Stripe customer'];

test('each sent row gets its Stripe customer id in the chosen column, and the next run sends nothing again', async () => {
  const { h, google } = env;
  const { connectionId, spreadsheetId } = await sheetConnection(
    h,
    google,
    [header, ['ann@example.com', 'Ann'], ['bob@example.com', 'Bob']],
    { startFrom: 'beginning', keyColumn: 'Email', writeBackColumn: 'Stripe customer' },
  );

  const first = await runOnce(h, connectionId);
  google.insertRows(spreadsheetId, 'Leads', 2, [['cy@example.com', 'Cy']]);
  const second = await runOnce(h, connectionId);
  const third = await runOnce(h, connectionId);

  expect([first.items_sent, second.items_sent, third.items_sent]).toEqual([2, 1, 0]);
  const ids = new Map(h.stripe.list('customer').map((customer) => [customer.email, customer.id]));
  expect(google.rows(spreadsheetId, 'Leads')).toEqual([
    header,
    ['cy@example.com', 'Cy', ids.get('cy@example.com')],
    ['ann@example.com', 'Ann', ids.get('ann@example.com')],
    ['bob@example.com', 'Bob', ids.get('bob@example.com')],
  ]);
  expect(customerEmails(h)).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
  expect(first.error).toBeNull();
});

test('write-back without a key column fails the run before anything is sent, saying why', async () => {
  const { h, google } = env;
  const { connectionId } = await sheetConnection(h, google, [header, ['ann@example.com', 'Ann']], {
    startFrom: 'beginning',
    writeBackColumn: 'Stripe customer',
  });

  const run = await runOnce(h, connectionId);

  expect(run.status).toBe('failed');
  expect(run.error?.message).toMatch(/Write-back needs a key column/);
  expect(customerEmails(h)).toEqual([]);
});

test('a write-back whose answer was lost is written again, and the run says nothing went wrong', async () => {
  const { h, google } = env;
  const { connectionId, spreadsheetId } = await sheetConnection(h, google, [header, ['ann@example.com', 'Ann']], {
    startFrom: 'beginning',
    keyColumn: 'Email',
    writeBackColumn: 'Stripe customer',
  });
  let dropped = 0;
  google.setWriteHook(() => {
    if (dropped++ === 0) throw new Error('the answer is lost');
  });

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 1, error: null });
  const [customer] = h.stripe.list('customer');
  expect(google.rows(spreadsheetId, 'Leads')).toEqual([header, ['ann@example.com', 'Ann', customer!.id]]);
  expect(dropped).toBe(2);
});

test('a write-back that keeps failing is said with the run, with how many sent items lack their result', async () => {
  const { h, google } = env;
  const { connectionId } = await sheetConnection(h, google, [header, ['ann@example.com', 'Ann'], ['bob@example.com', 'Bob']], {
    startFrom: 'beginning',
    keyColumn: 'Email',
    writeBackColumn: 'Stripe customer',
  });
  google.setWriteHook(() => {
    throw new Error('the answer is lost');
  });

  const run = await runOnce(h, connectionId);

  expect(run).toMatchObject({ status: 'succeeded', items_sent: 2 });
  expect(run.error?.message).toMatch(/^Delivered, but writing results back to the source failed: .*\(2 sent items without/);
  expect(customerEmails(h)).toEqual(['ann@example.com', 'bob@example.com']);
});

test('a worker killed after recording the items but before writing back: the run is taken over and the results are written', async () => {
  const { h, google } = env;
  const { connectionId, spreadsheetId } = await sheetConnection(h, google, [header, ['ann@example.com', 'Ann']], {
    startFrom: 'beginning',
    keyColumn: 'Email',
    writeBackColumn: 'Stripe customer',
  });
  const first = await runOnce(h, connectionId);
  // The state a worker killed between recording the item and writing back leaves: the item
  // is recorded as sent, the run is not finished, and the result cell is empty.
  google.editCell(spreadsheetId, 'Leads', 'C2', null);
  await h.database.db('runs').where({ id: first.id }).update({ status: 'queued', finished_at: null, error: null });

  await createWorker(h.deps).drain();

  const taken = (await getRun(h.database.db, first.id))!;
  expect(taken).toMatchObject({ status: 'succeeded', attempt: 2, items_sent: 1, error: null });
  const [customer] = h.stripe.list('customer');
  expect(google.rows(spreadsheetId, 'Leads')).toEqual([header, ['ann@example.com', 'Ann', customer!.id]]);
  expect(customerEmails(h)).toEqual(['ann@example.com']);
});
