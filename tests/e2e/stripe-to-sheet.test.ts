// Stripe into a spreadsheet through the wizard: a person picks Stripe charges as the source
// and a sheet as the destination, maps the sheet's own header cells, runs it, and the sheet
// holds the amounts in major units (yen with none). A Stripe event trigger shows the URL
// to give Stripe and where its signing secret goes.
import type { Locator } from 'playwright-core';
import { eventually } from '../support/e2e-browser';
import { addStripeAccount, setUpByApi, type E2eApi } from '../support/e2e-api';
import { useE2e } from '../support/e2e-fixture';

const e2e = useE2e('stripe-to-sheet');

/** Waits until a dropdown the server fills offers an option with `text`, then picks it. */
async function pick(select: Locator, text: string): Promise<void> {
  const option = select.locator('option', { hasText: text }).first();
  await option.waitFor({ state: 'attached' });
  await select.selectOption((await option.getAttribute('value')) ?? '');
}

async function addGoogleAccount(api: E2eApi, key: object): Promise<string> {
  const created = await api.post<{ id: string }>('/api/accounts', {
    connector: 'google-sheets',
    name: 'Reports',
    credentials: { serviceAccountKey: JSON.stringify(key) },
  });
  return created.id;
}

test('a person sends Stripe charges, some in yen, into a sheet whose Amount column holds major units', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  server.stripe.create('charge', 1, () => ({ amount: 1250, currency: 'usd' }));
  server.stripe.create('charge', 1, () => ({ amount: 1000, currency: 'jpy' }));
  server.stripe.create('charge', 1, () => ({ amount: 300, currency: 'jpy' }));
  const key = server.google.createServiceAccount('stripe-reports');
  const spreadsheetId = server.google.createSpreadsheet({
    title: 'Stripe report',
    sheets: { Charges: [['Charge no.', 'Amount', 'Currency']] },
    sharedWith: [key.client_email],
  });
  const api = await setUpByApi(page);
  await addStripeAccount(api, 'sk_test_e2eStripeToSheet4242');
  await addGoogleAccount(api, key);

  // Step 1: Stripe charges, everything Stripe already has.
  await page.goto('/connections/new');
  await page.getByLabel('Connection name').fill('Stripe charges to the report');
  await page.getByLabel('Source system').selectOption({ label: 'Stripe' });
  await page.getByLabel('Trigger').selectOption({ label: 'New object' });
  await pick(page.locator('#source-account'), 'Stripe account');
  await page.locator('#source-options-object').selectOption({ label: 'Charges' });
  await page.locator('#source-options-startFrom').selectOption('beginning');
  await screenshot('1-source');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 2: the sheet, chosen from the spreadsheets the Google account can open.
  await page.getByRole('heading', { name: 'Step 2 of 5: Data destination' }).waitFor();
  await page.getByLabel('Destination system').selectOption({ label: 'Google Sheets' });
  await page.getByLabel('Action').selectOption({ label: 'Add row' });
  await pick(page.locator('#destination-account'), 'Reports');
  await pick(page.locator('#destination-options-spreadsheetId'), 'Stripe report');
  await pick(page.locator('#destination-options-sheet'), 'Charges');
  await screenshot('2-destination');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 3: the sheet's header cells are the inputs; Stripe's fields, major units first, the chips.
  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  const amount = page.getByLabel('Amount', { exact: true });
  await amount.waitFor();
  const chips = page.getByRole('group', { name: 'Source fields' });
  // A header with a dot in it ("Charge no.") is one column, not a nested field.
  await page.getByLabel('Charge no.', { exact: true }).click();
  await chips.getByRole('button', { name: 'id', exact: true }).click();
  await amount.click();
  await chips.getByRole('button', { name: 'amount_major', exact: true }).click();
  await page.getByLabel('Currency', { exact: true }).click();
  await chips.getByRole('button', { name: 'currency', exact: true }).click();
  await eventually(async () => expect(await amount.inputValue()).toBe('{{amount_major}}'));
  // The preview shows a charge's amount as a person reads it (12.50, not Stripe's 1250).
  await page
    .getByLabel('Preview of Amount')
    .getByText(/^(12\.50|1000|300)$/)
    .waitFor();
  await screenshot('3-mapping');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Step 5 of 5: Auto-update' }).waitFor();
  await page.getByRole('button', { name: 'Finish' }).click();

  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Run now: Stripe charges to the report' }).click();
  const run = page.getByRole('region', { name: 'Run details' });
  await run.getByText('Succeeded').waitFor();
  await eventually(async () => expect(await run.locator('[data-count=sent]').textContent()).toBe('3'));
  await screenshot('4-run');

  const rows = server.google.rows(spreadsheetId, 'Charges');
  // The header is the person's; the hidden key column that guards against duplicates comes after it.
  expect(rows[0]!.slice(0, 3)).toEqual(['Charge no.', 'Amount', 'Currency']);
  // Written as typed: "12.50" is the number 12.5 in the sheet, yen stay whole.
  expect(rows.slice(1).map((row) => [row[1], row[2]])).toEqual(
    expect.arrayContaining([
      [12.5, 'usd'],
      [1000, 'jpy'],
      [300, 'jpy'],
    ]),
  );
  expect(rows).toHaveLength(4);
  expect(rows.slice(1).map((row) => String(row[0]))).toEqual(
    expect.arrayContaining(server.stripe.list('charge').map((c) => c.id)),
  );
  expect(pageErrors).toEqual([]);
});

test('a Stripe event trigger for invoice.paid gives the URL and its signing secret, and shows the first paid invoice', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  const api = await setUpByApi(page);
  await addStripeAccount(api, 'sk_test_e2eStripeEvents4242');

  await page.goto('/connections/new');
  await page.getByLabel('Connection name').fill('Paid invoices to the report');
  await page.getByLabel('Source system').selectOption({ label: 'Stripe' });
  await page.getByLabel('Trigger').selectOption({ label: 'Stripe event (instant)' });
  await pick(page.locator('#source-account'), 'Stripe account');
  await page.getByLabel('Event types').fill('invoice.paid');
  // The secret can be pasted here, from an endpoint made by hand in Stripe's dashboard.
  await page.getByLabel('Signing secret').waitFor();
  await screenshot('event-1-options');
  await page.getByRole('button', { name: 'Save and get the webhook URL' }).click();

  const urlInput = page.getByLabel('Webhook URL');
  await eventually(async () => expect(await urlInput.inputValue()).toMatch(new RegExp(`^${server.url}/hooks/`)));
  await page.getByText('paste its signing secret above').waitFor();
  await page.getByRole('button', { name: 'Create the endpoint in Stripe' }).click();
  await page.getByText('Stripe now sends events to this URL').waitFor();
  await screenshot('event-2-endpoint');

  // An invoice is paid in Stripe: Stripe signs the event and the wizard shows it arriving.
  const stripe = server.stripe.client(undefined, { maxNetworkRetries: 0 });
  const customer = await stripe.customers.create({ email: 'payer@example.com', payment_method: 'pm_card_visa' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 4900, currency: 'eur' });
  const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
  await stripe.invoices.finalizeInvoice(invoice.id);
  await stripe.invoices.pay(invoice.id);
  const received = page.getByRole('status').filter({ hasText: 'Payload received' });
  await received.getByText('invoice.paid').first().waitFor();
  await received.getByText(invoice.id).first().waitFor();
  await screenshot('event-3-received');
  const endpoints = server.stripe.list('webhook_endpoint');
  expect(endpoints.map((endpoint) => [endpoint.url, endpoint.enabled_events])).toEqual([
    [await urlInput.inputValue(), ['invoice.paid']],
  ]);
  expect(pageErrors).toEqual([]);
});
