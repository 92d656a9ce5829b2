// A person sets up Tributary in the browser and builds a Google Sheets -> Stripe customers
// connection through the five wizard steps, then runs it and reads the run log.
import type { Locator } from 'playwright-core';
import { berlinClock, eventually, setUpWorkspace } from '../support/e2e-browser';
import { addStripeAccount, setUpByApi } from '../support/e2e-api';
import { useE2e } from '../support/e2e-fixture';

const STRIPE_KEY = 'sk_test_e2eWizardKey4242';
const e2e = useE2e('sheets');

/** Waits until a dropdown the server fills offers `label`. */
async function expectOption(select: Locator, label: string): Promise<void> {
  await select.locator('option', { hasText: label }).first().waitFor({ state: 'attached' });
}

test('a person builds a Sheets to Stripe connection, runs it and sees the created customers', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  const key = server.google.createServiceAccount('leads-reader');
  const spreadsheetId = server.google.createSpreadsheet({
    title: 'Leads',
    sheets: {
      Leads: [
        ['Email', 'First name', 'Last name'],
        ['ann@example.com', 'Ann', 'Lee'],
      ],
    },
  });
  server.google.grantAccess(spreadsheetId, key.client_email);

  await setUpWorkspace(page);
  await screenshot('0-dashboard-empty');
  await page.getByRole('link', { name: 'Create your first connection' }).click();
  await page.getByRole('heading', { name: 'Step 1 of 5: Data source' }).waitFor();
  await screenshot('1-source-empty');

  // Step 1: the source, with a new Google account connected inline from an uploaded key file.
  await page.getByLabel('Connection name').fill('Leads sheet to Stripe customers');
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'leads-reader.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(key)) });
  await page.getByRole('button', { name: 'Verify and save account' }).click();
  await expectOption(page.locator('#source-options-spreadsheetId'), 'Leads');
  await page.locator('#source-options-spreadsheetId').selectOption({ label: 'Leads' });
  await expectOption(page.locator('#source-options-sheet'), 'Leads');
  await page.locator('#source-options-sheet').selectOption({ label: 'Leads' });
  // The wizard proposes the column whose value differs on every row as the key column.
  await page.getByText('Suggested: Email, because every row has a different Email.').waitFor();
  await page.getByRole('button', { name: 'Use Email' }).click();
  expect(await page.locator('#source-options-keyColumn').inputValue()).toBe('Email');
  await page.getByLabel('When first turned on').selectOption('beginning');
  await screenshot('1-source-filled');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 2: Stripe, Create Customer, a test-mode secret key pasted inline.
  await page.getByRole('heading', { name: 'Step 2 of 5: Data destination' }).waitFor();
  await page.getByLabel('Action').selectOption({ label: 'Create Customer' });
  await page.getByLabel('Secret key').fill(STRIPE_KEY);
  await page.getByRole('button', { name: 'Verify and save account' }).click();
  // The chosen account's mode, shown once it is verified and selected (the key form's own
  // hint also says "test mode", so waiting for those words alone raced the verification).
  await page.getByText('Nothing real is charged', { exact: false }).waitFor();
  await screenshot('2-destination');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 3: the mapping, built by clicking the source field chips.
  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  const fields = page.getByRole('group', { name: 'Source fields' });
  await page.getByLabel('Email', { exact: false }).first().click();
  await fields.getByRole('button', { name: 'Email', exact: true }).click();
  await page.getByLabel('Name', { exact: false }).first().click();
  await fields.getByRole('button', { name: 'First name', exact: true }).click();
  await page.keyboard.type(' ');
  await fields.getByRole('button', { name: 'Last name', exact: true }).click();
  await eventually(async () => expect(await page.getByLabel('Email', { exact: false }).first().inputValue()).toBe('{{Email}}'));
  await eventually(async () =>
    expect(await page.getByLabel('Name', { exact: false }).first().inputValue()).toBe('{{First name}} {{Last name}}'),
  );
  await page.getByLabel('Preview of name').getByText('Ann Lee').waitFor();
  await page.getByLabel('Preview of email').getByText('ann@example.com').waitFor();
  await screenshot('3-mapping');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 4: the sample item, the payload, and a real test send.
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
  await page.getByRole('region', { name: 'Payload' }).getByText('ann@example.com').waitFor();
  await page.getByRole('button', { name: /Send test data to Stripe/ }).click();
  const created = page.getByRole('status').filter({ hasText: 'Test data sent' });
  await created.waitFor();
  const testCustomer = server.stripe.list('customer')[0];
  expect(testCustomer?.email).toBe('ann@example.com');
  await created.getByText(String(testCustomer?.id), { exact: true }).waitFor();
  // Sent once: the button now says that pressing it sends again.
  await page.getByRole('button', { name: 'Send again to Stripe' }).waitFor();
  await screenshot('4-test-data');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Step 5: times of day, turned on, with the computed first run.
  await page.getByRole('heading', { name: 'Step 5 of 5: Auto-update' }).waitFor();
  await page.getByLabel('At times of day').check();
  // Three minutes from now is inside the 5-minute lead: the first run is tomorrow.
  const soon = berlinClock(new Date(Date.now() + 3 * 60_000));
  await page.getByLabel('Time 1').fill(soon);
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('Connection enabled').check();
  // (Just before midnight the time wraps to the next day, which the description may name by date.)
  const firstRun =
    soon < berlinClock(new Date()) ? new RegExp(`First run: .* at ${soon}`) : `First run: tomorrow at ${soon} (Europe/Berlin)`;
  await page.getByLabel('First run').getByText(firstRun).waitFor();
  await screenshot('5-auto-update');
  await page.getByRole('button', { name: 'Finish' }).click();

  // The dashboard: a new row arrives, then "Run now" and the run log.
  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
  server.google.appendRows(spreadsheetId, 'Leads', [['bob@example.com', 'Bob', 'Ray']]);
  await screenshot('6-dashboard');
  await page.getByRole('button', { name: 'Run now: Leads sheet to Stripe customers' }).click();
  const run = page.getByRole('region', { name: 'Run details' });
  await run.getByText('Succeeded').waitFor();
  // Ann's row went with the test send, which counts as its delivery: the run sends only Bob's.
  await eventually(async () => expect(await run.locator('[data-count=sent]').textContent()).toBe('1'));
  const customers = server.stripe.list('customer');
  expect(customers.map((c) => c.email).sort()).toEqual(['ann@example.com', 'bob@example.com']);
  const bob = customers.find((c) => c.email === 'bob@example.com');
  await run.getByText(String(bob?.id), { exact: true }).waitFor();
  await page.getByRole('img', { name: 'Items per day over the last 30 days: 2 sent, 0 failed' }).waitFor();
  await screenshot('7-run-log');
  expect(pageErrors).toEqual([]);
});

test('a row that looks like an edit is listed in the run log as not sent, and "Send it" sends it', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  const api = await setUpByApi(page);
  const stripeAccount = await addStripeAccount(api, STRIPE_KEY);
  const key = server.google.createServiceAccount('signups-reader');
  const googleAccount = (
    await api.post<{ id: string }>('/api/accounts', {
      connector: 'google-sheets',
      name: 'Google account',
      credentials: { serviceAccountKey: JSON.stringify(key) },
    })
  ).id;
  const spreadsheetId = server.google.createSpreadsheet({
    title: 'Signups',
    sheets: {
      Signups: [
        ['Name', 'Email', 'Plan'],
        ['Cai Wu', 'cai@example.com', 'pro'],
      ],
    },
    sharedWith: [key.client_email],
  });
  const name = 'Signups without a key column';
  await api.post('/api/connections', {
    name,
    source: {
      connector: 'google-sheets',
      trigger: 'new-row',
      account: googleAccount,
      options: { spreadsheetId, sheet: 'Signups' },
    },
    destination: { connector: 'stripe', action: 'create-customer', account: stripeAccount, options: {} },
    mapping: { email: '{{Email}}', name: '{{Name}}' },
    schedule: { type: 'interval', minutes: 60 },
    enabled: false,
  });
  await page.goto('/');
  await page.getByRole('button', { name: `Run now: ${name}` }).click();
  await page.getByRole('region', { name: 'Run details' }).getByText('Succeeded').waitFor();

  // Cai's plan changes in place: the row looks like an edit and is not sent on its own.
  server.google.editCell(spreadsheetId, 'Signups', 'C2', 'team');
  await page.goto('/');
  await page.getByRole('button', { name: `Run now: ${name}` }).click();
  const run = page.getByRole('region', { name: 'Run details' });
  await eventually(async () => expect(await run.locator('[data-count=not-sent]').textContent()).toBe('1'));
  await run.getByText('Not sent: looks like an edit of row 2 (changed: Plan).').waitFor();
  await screenshot('8-not-sent');
  expect(server.stripe.list('customer').filter((c) => c.email === 'cai@example.com')).toEqual([]);

  await run.getByRole('button', { name: /^Send item / }).click();
  const sendRun = page.getByRole('region', { name: 'Run details' });
  await eventually(async () => expect(await sendRun.locator('[data-count=sent]').textContent()).toBe('1'));
  const cai = server.stripe.list('customer').filter((c) => c.email === 'cai@example.com');
  expect(cai).toHaveLength(1);
  await sendRun.getByText(String(cai[0]!.id), { exact: true }).waitFor();
  await screenshot('9-sent-from-run-log');
  expect(pageErrors).toEqual([]);
});
