// Payments in the browser: orders arriving by webhook become one-use payment links, and a
// sheet of orders charges customers' cards; each flow built in the wizard, test-sent and
// run, with the link, the charge and Stripe's decline shown where a person looks for them.
import type { Locator, Page } from 'playwright-core';
import { eventually } from '../support/e2e-browser';
import { addStripeAccount, postPayload, setUpByApi } from '../support/e2e-api';
import { useE2e } from '../support/e2e-fixture';

const STRIPE_KEY = 'sk_test_e2ePaymentsKey4242';
const e2e = useE2e('payments');

async function expectOption(select: Locator, label: string): Promise<void> {
  await select.locator('option', { hasText: label }).first().waitFor({ state: 'attached' });
}

/** Step 5 with the defaults (every 15 minutes, off), then the dashboard's "Run now" and the run it opens. */
async function finishAndRun(page: Page, name: string): Promise<Locator> {
  await page.getByRole('heading', { name: 'Step 5 of 5: Auto-update' }).waitFor();
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
  await page.getByRole('button', { name: `Run now: ${name}` }).click();
  const run = page.getByRole('region', { name: 'Run details' });
  await run
    .locator('.status')
    .filter({ hasText: /Succeeded|Partly|Failed/ })
    .first()
    .waitFor();
  return run;
}

test('orders arriving by webhook become one-use payment links whose URL the test send and the run log show', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  await setUpByApi(page);
  await page.goto('/connections/new');
  await page.getByLabel('Connection name').fill('Shop orders to payment links');
  await page.getByLabel('Source system').selectOption({ label: 'Webhook' });
  await page.getByRole('button', { name: 'Save and get the webhook URL' }).click();
  const hookUrl = page.getByLabel('Webhook URL');
  await eventually(async () => expect(await hookUrl.inputValue()).toMatch(/\/hooks\//));
  const hookUrlValue = await hookUrl.inputValue();
  await postPayload(hookUrlValue, { order: 'A-17', total: '49.90', currency: 'eur', email: 'ann@example.com' });
  await page.getByRole('status').filter({ hasText: 'Payload received' }).waitFor();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 2: the action's options are drawn from its schema: a checkbox and a web address.
  await page.getByRole('heading', { name: 'Step 2 of 5: Data destination' }).waitFor();
  await page.getByLabel('Action').selectOption({ label: 'Create Payment Link' });
  await page.getByLabel('Secret key').fill(STRIPE_KEY);
  await page.getByRole('button', { name: 'Verify and save account' }).click();
  await page.getByText('test mode', { exact: false }).first().waitFor();
  await page.getByLabel('Deactivate the link after one payment').check();
  const redirect = page.getByLabel('After payment, send the customer to');
  expect(await redirect.getAttribute('type')).toBe('url');
  await redirect.fill('https://shop.example.com/thanks');
  await screenshot('link-2-destination');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 3: amount, currency and description mapped from the payload.
  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  await page.locator('#mapping-amount').fill('{{total}}');
  await page.locator('#mapping-currency').fill('{{currency}}');
  await page.locator('#mapping-description').fill('Order {{order}}');
  await page.getByLabel('Preview of description').getByText('Order A-17').waitFor();
  await page.getByLabel('Preview of currency').getByText('eur').waitFor();
  await page.getByLabel('Preview of amount').getByText('49.90 EUR (sent to Stripe as 4990)').waitFor();
  await screenshot('link-3-mapping');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 4: a real test send answers with the link itself.
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
  await page.getByRole('button', { name: /Send test data to Stripe/ }).click();
  const sent = page.getByRole('status').filter({ hasText: 'Test data sent' });
  await sent.getByText(/Payment link for 49\.90 EUR \(one payment only\)/).waitFor();
  const testLink = server.stripe.list('payment_link')[0]!;
  await sent.getByRole('link', { name: String(testLink.url) }).waitFor();
  expect(testLink).toMatchObject({ restrictions: { completed_sessions: { limit: 1 } } });
  await screenshot('link-4-test-send');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Another order arrives; the run makes its link, and the run log shows it.
  await postPayload(hookUrlValue, { order: 'A-18', total: '15.00', currency: 'eur', email: 'bo@example.com' });
  const run = await finishAndRun(page, 'Shop orders to payment links');
  const row = run.getByRole('row').filter({ hasText: /Payment link for 15\.00 EUR \(one payment only\)/ });
  const shown = await row.getByRole('link', { name: /^https:\/\/buy\.stripe\.com\// }).textContent();
  expect(server.stripe.list('payment_link').map((link) => link.url)).toContain(shown);
  await screenshot('link-5-run-log');
  expect(pageErrors).toEqual([]);
});

test('a sheet of orders charges each customer’s card; a declined card shows Stripe’s reason and what to do', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  const api = await setUpByApi(page);
  await addStripeAccount(api, STRIPE_KEY);
  const stripe = server.stripe.client(STRIPE_KEY);
  for (const [email, card] of [
    ['ok@example.com', 'visa'],
    ['poor@example.com', 'chargeDeclinedInsufficientFunds'],
  ] as const) {
    const customer = await stripe.customers.create({ email });
    const method = await stripe.paymentMethods.attach(`pm_card_${card}`, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: method.id } });
  }
  const key = server.google.createServiceAccount('orders-reader');
  const spreadsheetId = server.google.createSpreadsheet({
    title: 'Orders',
    sheets: {
      Orders: [
        ['Order', 'Email', 'Amount', 'Currency'],
        ['A-7', 'ok@example.com', '1,234.50', 'EUR'],
        ['A-8', 'poor@example.com', '10', 'EUR'],
      ],
    },
  });
  server.google.grantAccess(spreadsheetId, key.client_email);

  await page.goto('/connections/new');
  await page.getByLabel('Connection name').fill('Order sheet to card charges');
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: 'orders-reader.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(key)) });
  await page.getByRole('button', { name: 'Verify and save account' }).click();
  await expectOption(page.locator('#source-options-spreadsheetId'), 'Orders');
  await page.locator('#source-options-spreadsheetId').selectOption({ label: 'Orders' });
  await expectOption(page.locator('#source-options-sheet'), 'Orders');
  await page.locator('#source-options-sheet').selectOption({ label: 'Orders' });
  await expectOption(page.locator('#source-options-keyColumn'), 'Order');
  await page.locator('#source-options-keyColumn').selectOption('Order');
  await page.getByLabel('When first turned on').selectOption('beginning');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 2: the workspace's Stripe account is offered; Charge Customer has no options.
  await page.getByRole('heading', { name: 'Step 2 of 5: Data destination' }).waitFor();
  await page.getByLabel('Action').selectOption({ label: 'Charge Customer' });
  await page.getByLabel('Destination account').selectOption({ index: 1 });
  await page.getByText('test mode', { exact: false }).first().waitFor();
  await screenshot('charge-2-destination');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  await page.locator('#mapping-customer').fill('{{Email}}');
  await page.locator('#mapping-amount').fill('{{Amount}}');
  await page.locator('#mapping-currency').fill('{{Currency}}');
  await page.locator('#mapping-description').fill('Order {{Order}}');
  await page
    .getByLabel('Preview of description')
    .getByText(/Order A-\d/)
    .waitFor();
  await screenshot('charge-3-mapping');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Step 4: the sample is the newest row, whose card is declined: Stripe's reason is shown.
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
  await page.getByRole('region', { name: 'Payload' }).getByText('poor@example.com').waitFor();
  await page.getByRole('button', { name: /Send test data to Stripe/ }).click();
  await page
    .getByRole('alert')
    .getByText(
      /was declined: Your card has insufficient funds\. \(decline code: insufficient_funds\)\. .*send them a payment link/,
    )
    .waitFor();
  await screenshot('charge-4-test-declined');
  await page.getByRole('button', { name: 'Continue' }).click();

  const run = await finishAndRun(page, 'Order sheet to card charges');
  await eventually(async () => expect(await run.locator('[data-count=failed]').textContent()).toBe('1'));
  await eventually(async () => expect(await run.locator('[data-count=sent]').textContent()).toBe('1'));
  await run.getByText('Charged 1234.50 EUR to', { exact: false }).waitFor();
  await run.getByText(/insufficient funds\. \(decline code: insufficient_funds\)/).waitFor();
  const charged = server.stripe.list('payment_intent').filter((intent) => intent.status === 'succeeded');
  expect(charged.map((intent) => intent.amount)).toEqual([123450]);
  await screenshot('charge-5-run-log');
  expect(pageErrors).toEqual([]);
});
