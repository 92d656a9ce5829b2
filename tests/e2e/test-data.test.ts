// Test data: the person picks which of the source's recent items to preview and send.
import { addStripeAccount, createWebhookConnection, postPayload, setUpByApi } from '../support/e2e-api';
import { useE2e } from '../support/e2e-fixture';

const e2e = useE2e('test-data');

test('the person picks which recent item to preview and send, not only the newest', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  const api = await setUpByApi(page);
  const account = await addStripeAccount(api);
  const connection = await createWebhookConnection(api, {
    account,
    mapping: { email: '{{email}}', name: '{{name}}' },
  });
  for (const [email, name] of [
    ['ann@example.com', 'Ann Lee'],
    ['bob@example.com', 'Bob Ray'],
    ['cy@example.com', 'Cy Moss'],
  ]) {
    await postPayload(connection.webhookUrl!, { email, name });
  }

  await page.goto(`/connections/${connection.id}/edit/4`);
  const picker = page.getByLabel('Item to preview and send');
  await picker.locator('option').nth(2).waitFor({ state: 'attached' });
  expect(await picker.locator('option').allTextContents()).toEqual([
    '1. Cy Moss, cy@example.com (newest)',
    '2. Bob Ray, bob@example.com',
    '3. Ann Lee, ann@example.com',
  ]);
  const payload = page.getByRole('region', { name: 'Payload' });
  await payload.getByText('cy@example.com').waitFor();

  await picker.selectOption({ label: '3. Ann Lee, ann@example.com' });
  await payload.getByText('ann@example.com').waitFor();
  await screenshot('4-picked-item');
  await page.getByRole('button', { name: 'Send test data to Stripe' }).click();
  await page.getByRole('status').filter({ hasText: 'Test data sent' }).waitFor();

  expect(server.stripe.list('customer').map((customer) => [customer.email, customer.name])).toEqual([
    ['ann@example.com', 'Ann Lee'],
  ]);
  await screenshot('4-picked-item-sent');
  expect(pageErrors).toEqual([]);
});
