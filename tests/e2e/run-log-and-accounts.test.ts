// After the wizard: a run with a failed item, the mapping fixed, "Retry failed items" with
// its progress bar, and the accounts page (masked key, verify again, delete refused).
import { eventually } from '../support/e2e-browser';
import { addStripeAccount, createWebhookConnection, postPayload, setUpByApi } from '../support/e2e-api';
import { useE2e } from '../support/e2e-fixture';

const STRIPE_KEY = 'sk_test_e2eRetryKey98765';
const CONNECTION = 'Signups to Stripe customers';
const e2e = useE2e('retry');

test('a webhook source shows a secret and its header only when a protection needs them', async () => {
  const { page } = e2e();
  await setUpByApi(page);
  await page.goto('/');
  await page.getByRole('link', { name: 'Create your first connection' }).click();
  await page.getByLabel('Connection name').fill(CONNECTION);
  await page.getByLabel('Source system').selectOption({ label: 'Webhook' });
  const protection = page.getByLabel('Protection');
  expect(await protection.inputValue()).toBe('none');
  expect(await page.getByLabel('Secret', { exact: true }).count()).toBe(0);
  expect(await page.getByLabel('Header name').count()).toBe(0);
  expect(await page.getByLabel('Signature header').count()).toBe(0);

  await protection.selectOption('shared-secret');
  await page.getByLabel('Secret', { exact: true }).fill('short');
  await page.getByLabel('Header name').waitFor();
  expect(await page.getByLabel('Signature header').count()).toBe(0);
  await protection.selectOption('hmac-sha256');
  await page.getByLabel('Signature header').waitFor();
  expect(await page.getByLabel('Header name').count()).toBe(0);
  await protection.selectOption({ label: 'Timestamped HMAC-SHA256 signature (t=...,v1=..., as Stripe signs)' });
  await page.getByLabel('Signature header').waitFor();

  // Back to none: the short secret nobody sees any more does not stop the save.
  await protection.selectOption('none');
  await page.getByRole('button', { name: 'Save and get the webhook URL' }).click();
  await page.getByText('Waiting for the first payload...').waitFor();
});

test('an item that fails its mapping is sent by "Retry failed items" once the mapping is fixed', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  const api = await setUpByApi(page);
  const account = await addStripeAccount(api, STRIPE_KEY);
  const connection = await createWebhookConnection(api, {
    name: CONNECTION,
    account,
    mapping: { email: '{{email}}', name: '{{name}}' },
    schedule: { type: 'interval', minutes: 60 },
  });
  await postPayload(connection.webhookUrl!, { email: 'dana@example.com', name: 'Dana Fox' });
  await postPayload(connection.webhookUrl!, { email: 'eli at example', name: 'Eli Moss' });

  // One run: Dana is sent, Eli's address is refused with the field it concerns.
  await page.goto('/');
  await page.getByRole('button', { name: `Run now: ${CONNECTION}` }).click();
  const run = page.getByRole('region', { name: 'Run details' });
  await run.getByText('Partly failed').first().waitFor();
  await eventually(async () => expect(await run.locator('[data-count=failed]').textContent()).toBe('1'));
  expect(await run.locator('[data-count=sent]').textContent()).toBe('1');
  const failedRow = run.getByRole('row').filter({ hasText: 'eli at example' });
  await failedRow.getByText(/email/i).last().waitFor();
  await screenshot('1-run-partly-failed');
  const firstRunUrl = new URL(page.url()).pathname + new URL(page.url()).search;

  // The payload cannot change, so the mapping learns to repair such addresses.
  await page.goto(`/connections/${connection.id}/edit/3`);
  await page.locator('#mapping-email').fill('{{ $contains(email, "@") ? email : $replace(email, " at ", "@") & ".com" }}');
  await page
    .getByLabel('Preview of email')
    .getByText(/@example\.com$/)
    .waitFor();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();

  // Stripe answers slowly, so the retry run is seen with its progress bar.
  server.stripe.faults.failNext({ path: '/v1/customers' }, { kind: 'latency', ms: 1500 }, 4);
  await page.goto(firstRunUrl);
  await page.getByRole('button', { name: 'Retry failed items' }).click();
  const retry = page.getByRole('region', { name: 'Run details' });
  await retry.getByRole('progressbar', { name: 'Run progress' }).waitFor();
  await screenshot('2-retry-in-progress');
  await retry.getByText('Succeeded').first().waitFor();
  await eventually(async () => expect(await retry.locator('[data-count=sent]').textContent()).toBe('1'));
  expect(await retry.locator('[data-count=failed]').textContent()).toBe('0');
  const eli = server.stripe.list('customer').find((c) => c.email === 'eli@example.com');
  expect(eli).toBeDefined();
  await retry.getByText(String(eli?.id), { exact: true }).waitFor();
  expect(
    server.stripe
      .list('customer')
      .map((c) => c.email)
      .sort(),
  ).toEqual(['dana@example.com', 'eli@example.com']);
  await screenshot('3-retry-sent');
  expect(pageErrors).toEqual([]);
});

test('the accounts page shows a masked key, verifies it again and refuses to delete an account in use', async () => {
  const { page, screenshot } = e2e();
  const api = await setUpByApi(page);
  const account = await addStripeAccount(api, STRIPE_KEY);
  await createWebhookConnection(api, { name: CONNECTION, account, mapping: { email: '{{email}}' } });

  await page.goto('/');
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('heading', { name: 'Accounts', exact: true }).waitFor();
  const card = page.getByRole('listitem').filter({ hasText: 'Stripe account' });
  await card.getByText('Test mode').waitFor();
  // The key is shown as its mode prefix and last four characters, never whole.
  await card.getByText('sk_test_...8765', { exact: true }).waitFor();
  expect(await page.content()).not.toContain(STRIPE_KEY);

  await card.getByRole('button', { name: 'Verify again: Stripe account' }).click();
  await card.getByRole('status').getByText('Verified').waitFor();

  await card.getByRole('button', { name: 'Delete: Stripe account' }).click();
  await card.getByRole('button', { name: 'Yes, delete Stripe account' }).click();
  const refusal = card.getByRole('alert');
  await refusal.getByRole('link', { name: CONNECTION }).waitFor();
  await screenshot('4-accounts-delete-refused');
  // Still there after a reload: nothing was deleted.
  await page.reload();
  await page.getByRole('listitem').filter({ hasText: 'Stripe account' }).waitFor();
});
