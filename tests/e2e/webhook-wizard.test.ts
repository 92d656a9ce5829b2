// A webhook connection: the wizard waits for the first payload, shows its fields for
// mapping, and puts a bad mapping's message next to the input it concerns.
import { eventually, openBrowser, type E2eBrowser } from '../support/e2e-browser';
import { startE2eServer, type E2eServer } from '../support/e2e-server';

jest.setTimeout(60_000);

const STRIPE_KEY = 'sk_test_e2eWebhookKey4242';

let server: E2eServer;
let browser: E2eBrowser;
/** The connection the first test builds; the later tests edit it. */
let mappingUrl = '';

beforeAll(async () => {
  server = await startE2eServer();
  browser = await openBrowser({ baseURL: server.url, prefix: 'webhook' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('the workspace can be set up with the keyboard alone', async () => {
  const { page } = browser;
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
  const { page, screenshot } = browser;
  await page.getByRole('link', { name: 'New connection' }).click();
  await page.getByLabel('Connection name').fill('Signups webhook to Stripe customers');
  await page.getByLabel('Source system').selectOption({ label: 'Webhook' });
  await page.getByRole('button', { name: 'Save and get the webhook URL' }).click();

  const urlInput = page.getByLabel('Webhook URL');
  await eventually(async () => expect(await urlInput.inputValue()).toMatch(new RegExp(`^${server.url}/hooks/`)));
  await page.getByText('Waiting for the first payload...').waitFor();
  await screenshot('1-source-waiting');

  const hookUrl = await urlInput.inputValue();
  const delivery = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'cleo@example.com', profile: { full_name: 'Cleo Park' } }),
  });
  expect(delivery.status).toBeLessThan(300);
  const received = page.getByRole('status').filter({ hasText: 'Payload received' });
  await received.waitFor();
  await received.getByText('cleo@example.com').first().waitFor();
  await screenshot('1-source-received');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await page.getByRole('heading', { name: 'Step 2 of 5: Data destination' }).waitFor();
  // A publishable key is refused, and the reason is shown by the key's input.
  const secretKey = page.getByLabel('Secret key');
  await secretKey.fill('pk_test_e2ePublishable4242');
  await page.getByRole('button', { name: 'Verify and save account' }).click();
  await page.locator('.field', { has: secretKey }).getByRole('alert').waitFor();
  expect(await secretKey.getAttribute('aria-invalid')).toBe('true');
  await screenshot('2-destination-bad-key');
  await secretKey.fill(STRIPE_KEY);
  await page.getByRole('button', { name: 'Verify and save account' }).click();
  await page.getByText('test mode', { exact: false }).first().waitFor();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  mappingUrl = new URL(page.url()).pathname;
  const chips = page.getByRole('group', { name: 'Source fields' });
  await chips.getByRole('button', { name: 'email', exact: true }).waitFor();
  const email = page.locator('#mapping-email');
  const name = page.locator('#mapping-name');
  await email.click();
  await chips.getByRole('button', { name: 'email', exact: true }).click();
  await name.click();
  await chips.getByRole('button', { name: /full_name/ }).click();
  await page.getByLabel('Preview of email').getByText('cleo@example.com').waitFor();
  await page.getByLabel('Preview of name').getByText('Cleo Park').waitFor();
  await screenshot('3-mapping');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
  await page.getByRole('region', { name: 'Payload' }).getByText('Cleo Park').waitFor();
  await screenshot('4-test-data');
  expect(browser.pageErrors).toEqual([]);
});

test('a broken expression in the mapping shows its error next to that field', async () => {
  const { page, screenshot } = browser;
  expect(mappingUrl).not.toBe('');
  await page.goto(mappingUrl);
  const name = page.locator('#mapping-name');
  await name.fill('{{ $uppercase( }}');
  const nameField = page.locator('.field', { has: name });
  await nameField.getByRole('alert').waitFor();
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
  const { page, screenshot } = browser;
  await page.goto(mappingUrl);
  const email = page.locator('#mapping-email');
  await email.fill('not an email');
  const emailField = page.locator('.field', { has: email });
  await emailField.getByRole('alert').getByText(/email/i).waitFor();
  await screenshot('3-mapping-bad-email');
});

test('a person who leaves the wizard comes back to the first unfinished step', async () => {
  const { page } = browser;
  await page.goto('/');
  await page.getByRole('link', { name: 'Edit: Signups webhook to Stripe customers' }).click();
  // Source, destination and mapping are saved; the schedule is not.
  await page.getByRole('heading', { name: 'Step 4 of 5: Test data' }).waitFor();
});

test('the mapping step is readable in a 480 pixel wide window', async () => {
  const { page, screenshot } = browser;
  await page.setViewportSize({ width: 480, height: 800 });
  await page.goto(mappingUrl);
  await page.getByRole('heading', { name: 'Step 3 of 5: Field mapping' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot('3-mapping-480px');
  await page.goto('/');
  await page.getByRole('button', { name: /Run now/ }).waitFor();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
  await screenshot('dashboard-480px');
});
