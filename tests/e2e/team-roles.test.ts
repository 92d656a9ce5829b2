// Three people in one workspace, in the browser: the owner invites an editor and a viewer
// from the Members page; each joins through their link; the editor runs a connection and
// never sees keys or members; the viewer reads the run log with no way to run; removing
// the viewer logs them out at once; the audit log tells the story.
import type { Page } from 'playwright-core';
import { addStripeAccount, createWebhookConnection, postPayload, setUpByApi, type E2eApi } from '../support/e2e-api';
import { eventually, WAIT_MS } from '../support/e2e-browser';
import { useE2e } from '../support/e2e-fixture';

const e2e = useE2e('team');
const CONNECTION = 'Signups to Stripe customers';
const PASSWORD = 'a member password 123';

async function invite(page: Page, email: string, role: string): Promise<string> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Role').first().selectOption(role);
  await page.getByRole('button', { name: 'Invite' }).click();
  // The notice names the invitee, so the link read next is this one, not the one before.
  await page.getByText(`Invitation link for ${email}`).waitFor();
  const value = await page.getByLabel('Invitation link').inputValue();
  expect(value).toMatch(/\/join#token=[\w-]{43}$/);
  return new URL(value).pathname + new URL(value).hash;
}

async function join(page: Page, path: string): Promise<void> {
  page.context().setDefaultTimeout(WAIT_MS);
  await page.goto(path);
  await page.getByLabel('Choose a password').fill(PASSWORD);
  await page.getByRole('button', { name: /^Join / }).click();
  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
}

/** The person's API calls from their own page, with their session and CSRF token. */
async function apiAs(page: Page): Promise<E2eApi> {
  const session = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
  const headers = { 'X-CSRF-Token': session.csrfToken };
  const json = async (response: { ok(): boolean; text(): Promise<string> }) => {
    if (!response.ok()) throw new Error(await response.text());
    return JSON.parse(await response.text());
  };
  return {
    post: async (path, body = {}) => json(await page.request.post(path, { data: body, headers })),
    put: async (path, body) => json(await page.request.put(path, { data: body, headers })),
    get: async (path) => json(await page.request.get(path)),
  };
}

test('an owner invites an editor and a viewer; each sees and does only what their role allows', async () => {
  const { page: owner, context, server, screenshot, pageErrors } = e2e();
  const ownerApi = await setUpByApi(owner);
  const account = await addStripeAccount(ownerApi, 'sk_test_teamBrowser7788');

  await owner.goto('/');
  await owner.getByRole('link', { name: 'Members' }).click();
  const editorLink = await invite(owner, 'editor@example.com', 'editor');
  const viewerLink = await invite(owner, 'viewer@example.com', 'viewer');
  await owner.getByRole('list', { name: 'Open invitations' }).getByText('viewer@example.com as viewer').waitFor();
  await screenshot('1-owner-invited');

  const browser = context.browser()!;
  const editorContext = await browser.newContext({ baseURL: server.url, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
  const viewerContext = await browser.newContext({ baseURL: server.url, locale: 'en-GB', timezoneId: 'Europe/Berlin' });
  try {
    // The editor joins, builds a connection and runs it; keys and members stay out of sight.
    const editor = await editorContext.newPage();
    await join(editor, editorLink);
    const nav = editor.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Members' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Accounts' }).click();
    await editor.getByRole('heading', { name: 'Stripe account' }).waitFor();
    expect(await editor.getByText('7788').count()).toBe(0);
    expect(await editor.getByRole('heading', { name: 'Add an account' }).count()).toBe(0);
    expect(await editor.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    const connection = await createWebhookConnection(await apiAs(editor), {
      name: CONNECTION,
      account,
      mapping: { email: '{{email}}' },
    });
    await postPayload(connection.webhookUrl!, { email: 'dana@example.com' });
    await editor.goto('/');
    await editor.getByRole('button', { name: `Run now: ${CONNECTION}` }).click();
    const run = editor.getByRole('region', { name: 'Run details' });
    await run.getByText('Succeeded').first().waitFor();
    await eventually(async () => expect(await run.locator('[data-count=sent]').textContent()).toBe('1'));
    const forbidden = await editor.request.get('/api/members');
    expect(forbidden.status()).toBe(403);

    // The viewer reads the run log; nothing offers to run, change or add.
    const viewer = await viewerContext.newPage();
    await join(viewer, viewerLink);
    await viewer.getByRole('heading', { name: CONNECTION }).waitFor();
    expect(await viewer.getByRole('button', { name: `Run now: ${CONNECTION}` }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: `Edit: ${CONNECTION}` }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'New connection' }).count()).toBe(0);
    expect(await viewer.getByRole('switch', { name: `Enabled: ${CONNECTION}` }).isDisabled()).toBe(true);
    expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).count()).toBe(0);
    await viewer.getByRole('link', { name: `Run log: ${CONNECTION}` }).click();
    const log = viewer.getByRole('region', { name: 'Run details' });
    await eventually(async () => expect(await log.locator('[data-count=sent]').textContent()).toBe('1'));
    await log.getByText('dana@example.com').first().waitFor();
    await screenshot('2-owner-before-removing');
    const refused = await viewer.request.post(`/api/connections/${connection.id}/run`, {
      headers: { 'X-CSRF-Token': ((await (await viewer.request.get('/api/session')).json()) as { csrfToken: string }).csrfToken },
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { details: { requiredRole: string } } }).error.details.requiredRole).toBe(
      'editor',
    );

    // Removing the viewer ends their session at once: their next page load asks them to log in.
    await owner.goto('/members');
    await owner.getByRole('button', { name: 'Remove: viewer@example.com' }).click();
    await eventually(async () => expect(await owner.getByText('viewer@example.com').count()).toBe(0));
    await viewer.reload();
    await viewer.getByRole('heading', { name: 'Log in to Tributary' }).waitFor();

    // The owner's audit log names who did what.
    await owner.getByRole('link', { name: 'Audit log' }).click();
    const audit = owner.getByRole('table', { name: 'Audit log' });
    await audit.getByText('Removed viewer@example.com (viewer)', { exact: false }).waitFor();
    await audit.getByRole('row').filter({ hasText: 'connection.run' }).filter({ hasText: 'editor@example.com' }).waitFor();
    await screenshot('3-audit-log');
    expect(pageErrors.filter((error) => !/403|401/.test(error))).toEqual([]);
  } finally {
    await editorContext.close();
    await viewerContext.close();
  }
});
