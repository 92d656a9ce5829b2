// First-run setup: one password rule, named the same in the hint and in the refusal, and an
// empty field "is required".
import { useE2e } from '../support/e2e-fixture';

const e2e = useE2e('setup');

test('the password hint and the check name one rule (12 characters), and an empty name "is required"', async () => {
  const { page, screenshot } = e2e();
  await page.goto('/');
  await page.getByRole('heading', { name: 'Welcome to Tributary' }).waitFor();
  const password = page.getByLabel('Password');
  const passwordField = page.locator('.field', { has: password });
  await passwordField.getByText('At least 12 characters.').waitFor();

  await page.getByLabel('Email').fill('owner@example.com');
  await password.fill('elevenchars');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await passwordField.getByRole('alert').getByText('must be at least 12 characters long').waitFor();
  // An empty workspace name is "required", not "at least 1 characters long".
  await page
    .locator('.field', { has: page.getByLabel('Workspace name') })
    .getByRole('alert')
    .getByText('is required')
    .waitFor();
  expect(await page.getByText('at least 1 characters').count()).toBe(0);
  await screenshot('password-rule');

  await password.fill('twelve chars');
  await page.getByLabel('Workspace name').fill('Acme');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
});
