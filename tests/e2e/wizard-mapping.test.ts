// The field mapping while it is being made: a destination saves before its mapping exists,
// "is required" sits next to the input until it is filled, previews follow every edit, and a
// placeholder naming a field the source does not have is pointed out where it was typed.
import { addStripeAccount, createWebhookConnection, postPayload, setUpByApi } from '../support/e2e-api';
import { useE2e } from '../support/e2e-fixture';

const e2e = useE2e('mapping');

test('Add Invoice Item: step 2 saves before the mapping exists, and step 3 shows what is missing next to it, live', async () => {
  const { page, screenshot, pageErrors } = e2e();
  const api = await setUpByApi(page);
  await addStripeAccount(api);
  const draft = await createWebhookConnection(api, { name: 'Orders to invoice items', account: null });
  await postPayload(draft.webhookUrl!, { email: 'ann@example.com', total: '12.50', note: 'First order' });

  await page.goto(`/connections/${draft.id}/edit/2`);
  await page.getByLabel('Action').selectOption({ label: 'Add Invoice Item' });
  await page.getByLabel('Destination account').selectOption({ label: 'Stripe account (sk_test_...4242)' });
  await screenshot('2-add-invoice-item');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  // Saved although no input is mapped yet: the wizard moves on, nothing is refused.
  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  const customer = page.locator('#mapping-customer');
  const customerField = page.locator('.field', { has: customer });
  await customerField.getByRole('alert').getByText('customer: is required').waitFor();

  // Pressing on with the customer still empty keeps the person here, the reason next to the input.
  await page.locator('#mapping-description').fill('{{note}}');
  await page.getByLabel('Preview of description').getByText('First order').waitFor();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await customerField.getByRole('alert').waitFor();
  expect(await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).count()).toBe(1);
  await screenshot('3-customer-required');

  // Each edit updates the previews and takes the message away, before anything is saved.
  await customer.fill('{{email}}');
  await page.getByLabel('Preview of customer').getByText('ann@example.com').waitFor();
  await customerField.getByRole('alert').waitFor({ state: 'detached' });
  await page.locator('#mapping-amount').fill('{{total}}');
  await page.locator('#mapping-currency').fill('eur');
  await page.getByLabel('Preview of amount').getByText('1250').waitFor();
  await screenshot('3-previews-follow-edits');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
  expect(pageErrors).toEqual([]);
});

test('a placeholder naming a field the source does not have is pointed out next to its input, naming the fields it has', async () => {
  const { page, screenshot } = e2e();
  const api = await setUpByApi(page);
  const account = await addStripeAccount(api);
  const connection = await createWebhookConnection(api, { account, mapping: { email: '{{email}}' } });
  await postPayload(connection.webhookUrl!, { email: 'ann@example.com', name: 'Ann Lee' });

  await page.goto(`/connections/${connection.id}/edit/3`);
  const phone = page.locator('#mapping-phone');
  await phone.fill('{{Phone number}}');
  const warning = page.locator('.field', { has: phone }).getByRole('status');
  await warning.getByText('{{Phone number}} is not a field of the source, so it stays empty.').waitFor();
  expect(await warning.textContent()).toMatch(/The source’s fields: (email, name|name, email)\.$/);
  // A warning, not a refusal: the mapping still saves.
  await screenshot('3-unknown-field-warning');
  await phone.fill('{{name}}');
  await warning.waitFor({ state: 'detached' });
});
