// A webhook connection: the wizard waits for the first payload, shows its fields for
// mapping, and puts a bad mapping's message next to the input it concerns.
import { eventually, sidewaysOverflow } from '../support/e2e-browser';
import { addStripeAccount, createWebhookConnection, postPayload, setUpByApi } from '../support/e2e-api';
import { useE2e, type E2eTest } from '../support/e2e-fixture';

const STRIPE_KEY = 'sk_test_e2eWebhookKey4242';
const e2e = useE2e('webhook');

/** A workspace with a webhook -> Create Customer connection that has one payload; returns its mapping step. */
async function mappingStepWithPayload(t: E2eTest, mapping: Record<string, string> = {}): Promise<string> {
  const api = await setUpByApi(t.page);
  const account = await addStripeAccount(api, STRIPE_KEY);
  const connection = await createWebhookConnection(api, { name: 'Signups webhook to Stripe customers', account, mapping });
  await postPayload(connection.webhookUrl!, { email: 'cleo@example.com', profile: { full_name: 'Cleo Park' } });
  return `/connections/${connection.id}/edit/3`;
}

test('the workspace can be set up with the keyboard alone', async () => {
  const { page } = e2e();
  await page.goto('/');
  await page.getByLabel('Email').focus();
  await page.keyboard.type('owner@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('correct horse battery');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Acme');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
  await page.getByText('No connections yet').waitFor();
});

test('a webhook connection waits for its first payload, then offers its fields for mapping', async () => {
  const { page, screenshot, server, pageErrors } = e2e();
  await setUpByApi(page);
  await page.goto('/connections/new');
  await page.getByLabel('Connection name').fill('Signups webhook to Stripe customers');
  await page.getByLabel('Source system').selectOption({ label: 'Webhook' });
  // The hook's delivery limit is among its options, with its default filled in.
  expect(await page.getByLabel('Deliveries per second').inputValue()).toBe('200');
  expect(await page.getByLabel('Burst').inputValue()).toBe('1000');
  await page.getByRole('button', { name: 'Save and get the webhook URL' }).click();

  const urlInput = page.getByLabel('Webhook URL');
  await eventually(async () => expect(await urlInput.inputValue()).toMatch(new RegExp(`^${server.url}/hooks/`)));
  await page.getByText('Waiting for the first payload...').waitFor();
  await screenshot('1-source-waiting');

  await postPayload(await urlInput.inputValue(), { email: 'cleo@example.com', profile: { full_name: 'Cleo Park' } });
  const received = page.getByRole('status').filter({ hasText: 'Payload received' });
  await received.getByText('cleo@example.com').first().waitFor();
  await screenshot('1-source-received');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await page.getByRole('heading', { name: 'Step 2 of 5: Data destination' }).waitFor();
  await page.getByLabel('Action').selectOption({ label: 'Create Customer' });
  // A publishable key is refused, and the reason is shown by the key's input.
  const secretKey = page.getByLabel('Secret key');
  await secretKey.fill('pk_test_e2ePublishable4242');
  await page.getByRole('button', { name: 'Verify and save account' }).click();
  await page
    .locator('.field', { has: secretKey })
    .getByRole('alert')
    .getByText(/publishable key/)
    .waitFor();
  expect(await secretKey.getAttribute('aria-invalid')).toBe('true');
  await screenshot('2-destination-bad-key');
  await secretKey.fill(STRIPE_KEY);
  // Stripe takes a moment to verify the key, as on a busy machine: the wizard must be waited on.
  server.stripe.faults.failNext({ path: '/v1/customers' }, { kind: 'latency', ms: 2000 }, 1);
  await page.getByRole('button', { name: 'Verify and save account' }).click();
  // The chosen account's mode, shown once it is verified and selected (the key form's own
  // hint also says "test mode", so waiting for those words alone raced the verification).
  await page.getByText('Nothing real is charged', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  const chips = page.getByRole('group', { name: 'Source fields' });
  await chips.getByRole('button', { name: 'email', exact: true }).waitFor();
  await page.locator('#mapping-email').click();
  await chips.getByRole('button', { name: 'email', exact: true }).click();
  await page.locator('#mapping-name').click();
  await chips.getByRole('button', { name: /full_name/ }).click();
  await page.getByLabel('Preview of email').getByText('cleo@example.com').waitFor();
  await page.getByLabel('Preview of name').getByText('Cleo Park').waitFor();
  await screenshot('3-mapping');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
  await page.getByRole('region', { name: 'Payload' }).getByText('Cleo Park').waitFor();
  await screenshot('4-test-data');
  expect(pageErrors).toEqual([]);
});

test('a broken expression in the mapping shows its error next to that field', async () => {
  const t = e2e();
  const { page, screenshot } = t;
  await page.goto(await mappingStepWithPayload(t, { email: '{{email}}' }));
  const name = page.locator('#mapping-name');
  await name.fill('{{ $uppercase( }}');
  await page.locator('.field', { has: name }).getByRole('alert').waitFor();
  expect(await name.getAttribute('aria-invalid')).toBe('true');
  // The message stays with the name: the email input next to it is not marked.
  expect(
    await page
      .locator('.field', { has: page.locator('#mapping-email') })
      .getByRole('alert')
      .count(),
  ).toBe(0);
  await screenshot('3-mapping-bad-expression');
});

test('an email that is not an email address is refused next to the email input', async () => {
  const t = e2e();
  const { page, screenshot } = t;
  await page.goto(await mappingStepWithPayload(t, { email: '{{email}}' }));
  const email = page.locator('#mapping-email');
  await email.fill('not an email');
  await page.locator('.field', { has: email }).getByRole('alert').getByText(/email/i).waitFor();
  await screenshot('3-mapping-bad-email');
});

test('a person who leaves the wizard comes back to the first unfinished step', async () => {
  const t = e2e();
  const { page } = t;
  await mappingStepWithPayload(t, { email: '{{email}}', name: '{{profile.full_name}}' });
  await page.goto('/');
  await page.getByRole('link', { name: 'Edit: Signups webhook to Stripe customers' }).click();
  // Source, destination and mapping are saved; the schedule is not.
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
});

test('the mapping step and the dashboard are readable in a 480 pixel wide window', async () => {
  const t = e2e();
  const { page, screenshot } = t;
  const mappingUrl = await mappingStepWithPayload(t, { email: '{{email}}' });
  await page.setViewportSize({ width: 480, height: 800 });
  await page.goto(mappingUrl);
  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot('3-mapping-480px');
  await page.goto('/');
  await page.getByRole('button', { name: /Run now/ }).waitFor();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot('dashboard-480px');
});
