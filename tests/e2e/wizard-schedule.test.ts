// When a connection runs: times of day on a 24-hour clock, each saying whether it starts
// today or tomorrow; a cron expression in words with its next runs; a connection that runs
// after another says so; and the schedule changes right from the dashboard card.
import type { Page } from 'playwright-core';
import { berlinClock } from '../support/e2e-browser';
import { addStripeAccount, createWebhookConnection, setUpByApi, type E2eApi } from '../support/e2e-api';
import { useE2e } from '../support/e2e-fixture';

const e2e = useE2e('schedule');

/** HH:MM on a Berlin wall clock, `minutes` from now. */
const berlinClockIn = (minutes = 0) => berlinClock(new Date(Date.now() + minutes * 60_000));

/** How the app says when a time first runs: today, tomorrow, or (past midnight) a named day. */
function whenText(time: string, today: boolean): string {
  // Past midnight in Berlin: a day word (never the schedule line "Daily at ...", also in the card).
  if (time < berlinClockIn()) return `(?:today|tomorrow|[A-Z][a-z]+day) at ${time} \\(Europe/Berlin\\)`;
  return `${today ? 'today' : 'tomorrow'} at ${time} \\(Europe/Berlin\\)`;
}

/** The hint under a time of day: "First run: tomorrow at 12:10 (Europe/Berlin)". */
function firstRunOf(time: string, today: boolean): RegExp {
  return new RegExp(`^First run: ${whenText(time, today)}$`);
}

/** A workspace with a mapped webhook -> Create Customer connection, on its schedule step. */
async function scheduleStep(page: Page): Promise<{ api: E2eApi; id: string }> {
  const api = await setUpByApi(page);
  const account = await addStripeAccount(api);
  const { id } = await createWebhookConnection(api, { name: 'Signups', account, mapping: { email: '{{email}}' } });
  await page.goto(`/connections/${id}/edit/5`);
  await page.getByRole('heading', { name: 'Step 5 of 5: Auto-update' }).waitFor();
  return { api, id };
}

test('times of day are typed on a 24-hour clock, a wrong one is named as typed, and each says when it first runs', async () => {
  const { page, screenshot, pageErrors } = e2e();
  await scheduleStep(page);
  await page.getByLabel('At times of day').check();
  const first = page.getByLabel('Time 1', { exact: true });
  // A text field, not the browser's time picker: no AM/PM whatever the locale.
  expect(await first.getAttribute('type')).toBe('text');
  await first.fill('25:00');
  await first.blur();
  const firstField = page.locator('.field', { has: first });
  await firstField.getByRole('alert').getByText('"25:00" is not a time of day; use HH:MM from 00:00 to 23:59').waitFor();
  await screenshot('5-time-25-00');

  // Three minutes ahead is inside the 5-minute lead: tomorrow. Two hours ahead: today.
  const soon = berlinClockIn(3);
  const later = berlinClockIn(120);
  await first.fill(soon.replace(':', ''));
  await first.blur();
  expect(await first.inputValue()).toBe(soon);
  await page.getByRole('button', { name: 'Add a time' }).click();
  await page.getByLabel('Time 2', { exact: true }).fill(later);
  await firstField.getByText(firstRunOf(soon, false)).waitFor();
  await page
    .locator('.field', { has: page.getByLabel('Time 2', { exact: true }) })
    .getByText(firstRunOf(later, true))
    .waitFor();
  await screenshot('5-times-today-and-tomorrow');
  expect(pageErrors).toEqual([]);
});

test('a cron expression is shown in words with its next runs, a wrong one is named, and it is what gets saved', async () => {
  const { page, screenshot } = e2e();
  const { api, id } = await scheduleStep(page);
  await page.getByLabel('Cron expression (advanced)').check();
  const expression = page.locator('#schedule-cron');
  await expression.fill('0 25 * * *');
  await page
    .locator('.field', { has: expression })
    .getByRole('alert')
    .getByText('In "0 25 * * *", the hour field "25" is not valid: hours are 0-23.')
    .waitFor();
  await screenshot('5-cron-bad-hour');

  await expression.fill('0 9 * * 1-5');
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('Cron expression in words').getByText('At 09:00, Monday through Friday').waitFor();
  const nextRuns = page.getByRole('list', { name: 'Next runs' }).getByRole('listitem');
  await nextRuns.nth(2).waitFor();
  for (const text of await nextRuns.allTextContents()) expect(text).toMatch(/at 09:00 \(Europe\/Berlin\)$/);
  await screenshot('5-cron');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await page.getByRole('status').getByText('Saved.').waitFor();
  expect((await api.get<{ schedule: unknown }>(`/api/connections/${id}`)).schedule).toEqual({
    type: 'cron',
    expression: '0 9 * * 1-5',
    timezone: 'Europe/Berlin',
  });
});

test('a connection that runs after another says so on the dashboard, and its schedule changes right from the card', async () => {
  const { page, screenshot } = e2e();
  const api = await setUpByApi(page);
  const account = await addStripeAccount(api);
  const first = await createWebhookConnection(api, {
    name: 'Leads',
    account,
    mapping: { email: '{{email}}' },
    schedule: { type: 'interval', minutes: 30 },
    enabled: true,
  });
  await createWebhookConnection(api, {
    name: 'Invoices',
    account,
    mapping: { email: '{{email}}' },
    runAfter: first.id,
    enabled: true,
  });

  await page.goto('/');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Invoices' }) });
  await card.getByText('After “Leads” runs').waitFor();
  await card.getByText('After “Leads”', { exact: true }).waitFor();
  await screenshot('dashboard-run-after');

  await card.getByRole('button', { name: 'Schedule: Invoices' }).click();
  const panel = card.getByRole('form', { name: 'Schedule of Invoices' });
  await panel.getByLabel('At times of day').check();
  const later = berlinClockIn(120);
  await panel.getByLabel('Time 1', { exact: true }).fill(later);
  await panel.getByLabel('Time zone').selectOption('Europe/Berlin');
  await panel
    .locator('.field', { has: page.getByLabel('Time 1', { exact: true }) })
    .getByText(firstRunOf(later, true))
    .waitFor();
  await screenshot('dashboard-schedule-control');
  await panel.getByRole('button', { name: 'Save schedule' }).click();
  await panel.waitFor({ state: 'detached' });
  await card.getByText(`Daily at ${later} (Europe/Berlin)`).waitFor();
  await card
    .locator('dd')
    .getByText(new RegExp(`^${whenText(later, true)}$`))
    .waitFor();
  await screenshot('dashboard-schedule-saved');
});
