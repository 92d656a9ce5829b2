// Every page fits a 390 pixel wide phone, and the run log's 30-day chart has axes and
// shows a day's figures under the pointer.
import { sidewaysOverflow } from '../support/e2e-browser';
import { addStripeAccount, createWebhookConnection, postPayload, setUpByApi, type E2eApi } from '../support/e2e-api';
import { useE2e, type E2eTest } from '../support/e2e-fixture';

const e2e = useE2e('phone');

/** A connection with one finished run: two customers sent, one payload failed. */
async function connectionWithRun(t: E2eTest): Promise<{ api: E2eApi; id: string; runId: string }> {
  const api = await setUpByApi(t.page);
  const account = await addStripeAccount(api);
  const connection = await createWebhookConnection(api, {
    name: 'Newsletter signups from the website form to Stripe customers',
    account,
    mapping: { email: '{{email}}', name: '{{name}}', 'metadata.source': 'website' },
    schedule: { type: 'times', times: ['09:00', '17:30'], timezone: 'Europe/Berlin' },
  });
  await postPayload(connection.webhookUrl!, { email: 'ann@example.com', name: 'Ann Lee' });
  await postPayload(connection.webhookUrl!, { email: 'bob@example.com', name: 'Bob Ray' });
  await postPayload(connection.webhookUrl!, { email: 'not-an-address-at-all-but-rather-long', name: 'Cy' });
  const run = await api.post<{ id: string }>(`/api/connections/${connection.id}/run`);
  await t.server.engine.worker.drain();
  return { api, id: connection.id, runId: run.id };
}

test('every page fits a 390 pixel wide phone', async () => {
  const t = e2e();
  const { page, screenshot } = t;
  const { id, runId } = await connectionWithRun(t);
  await page.setViewportSize({ width: 390, height: 844 });
  const pages: Array<[string, string, () => Promise<void>]> = [
    ['dashboard', '/', () => page.getByRole('button', { name: /^Run now/ }).waitFor()],
    ['run-log', `/connections/${id}/runs?run=${runId}`, () => page.getByRole('table', { name: 'Run items' }).waitFor()],
    ['accounts', '/accounts', () => page.getByRole('heading', { name: 'Accounts', exact: true }).waitFor()],
    ['new-connection', '/connections/new', () => page.getByLabel('Connection name').waitFor()],
  ];
  for (let step = 1; step <= 5; step += 1) {
    pages.push([
      `wizard-step-${step}`,
      `/connections/${id}/edit/${step}`,
      () => page.getByRole('heading', { name: `Step ${step} of 5:` }).waitFor(),
    ]);
  }
  for (const [name, path, ready] of pages) {
    await page.goto(path);
    await ready();
    await screenshot(`390px-${name}`);
    expect({ name, overflow: Math.max(0, await sidewaysOverflow(page)) }).toEqual({ name, overflow: 0 });
  }
});

test('the 30-day chart has axis labels and shows the figures of the day under the pointer', async () => {
  const t = e2e();
  const { page, screenshot } = t;
  const { id } = await connectionWithRun(t);
  await page.goto(`/connections/${id}/runs`);
  const chart = page.getByRole('img', { name: 'Items per day over the last 30 days: 2 sent, 1 failed' });
  await chart.waitFor();
  const figure = page.locator('figure.chart');
  // A count axis (0 at the bottom, a round top) and dates along the bottom.
  expect(await figure.locator('.chart-y-axis span').allTextContents()).toEqual(['4', '2', '0']);
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'Europe/Berlin' });
  const dates = await figure.locator('.chart-x-axis span').allTextContents();
  expect(dates).toHaveLength(3);
  expect(dates[2]).toBe(today);

  const readout = page.getByRole('status', { name: 'Day under the pointer' });
  await figure.locator('.chart-hit').last().hover();
  await readout.getByText(`${today}: 2 sent, 1 failed`).waitFor();
  await screenshot('chart-hover');
  await figure.locator('.chart-hit').first().hover();
  await readout.getByText(/^\d+ \w+: 0 sent, 0 failed$/).waitFor();
});
