// Lists the API serves in pages: the dashboard and the run log show the first page and
// fetch the rest on request.
import { setUpByApi } from '../support/e2e-api';
import { useE2e } from '../support/e2e-fixture';

const e2e = useE2e('lists');

test('60 connections: the dashboard shows 50, then the rest, and names one it has not shown yet; 60 runs: the run log shows 50, then the older ones', async () => {
  const { page, screenshot, server } = e2e();
  await setUpByApi(page);
  const db = server.database.db;
  const { id: workspaceId } = (await db('workspaces').first('id')) as { id: string };
  const connections = await db('connections')
    .insert(
      Array.from({ length: 60 }, (_, n) => ({
        workspace_id: workspaceId,
        name: `Hook ${String(n + 1).padStart(2, '0')}`,
        source_connector: 'webhook',
        source_trigger: 'new-payload',
        created_at: new Date(Date.UTC(2026, 0, 1, 0, n)),
      })),
    )
    .returning<Array<{ id: string }>>('id');
  await db('runs').insert(
    Array.from({ length: 60 }, (_, n) => ({
      workspace_id: workspaceId,
      connection_id: connections[0]!.id,
      trigger: 'manual',
      status: 'succeeded',
      items_sent: n,
      queued_at: new Date(Date.UTC(2026, 0, 2, 0, n)),
    })),
  );

  // Hook 02, on the first page, runs after Hook 60, which is on the second.
  await db('connections').where({ id: connections[1]!.id }).update({ run_after: connections[59]!.id });

  await page.goto('/');
  const hook02 = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Hook 02', exact: true }) });
  await hook02.getByText('After “Hook 60”').first().waitFor();
  expect(await page.getByText('a deleted connection').count()).toBe(0);
  const cards = page.getByRole('list', { name: 'Connections' }).getByRole('heading', { level: 2 });
  await cards.nth(49).waitFor();
  expect(await cards.count()).toBe(50);
  await page.getByRole('button', { name: 'Show more connections' }).click();
  await cards.nth(59).waitFor();
  expect(await cards.last().textContent()).toBe('Hook 60');
  expect(await page.getByRole('button', { name: 'Show more connections' }).count()).toBe(0);

  await page.getByRole('link', { name: 'Run log: Hook 01' }).click();
  const rows = page.getByRole('table', { name: 'Runs' }).locator('tbody tr');
  await rows.nth(49).waitFor();
  expect(await rows.count()).toBe(50);
  await page.getByRole('button', { name: 'Show older runs' }).click();
  await rows.nth(59).waitFor();
  expect(await rows.count()).toBe(60);
  await screenshot('run-log-all-runs');
});
