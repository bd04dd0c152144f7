import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startOwnServer, type OwnServer } from '../support/own-server';

// One server of this file's own, started with an empty database, so the first-run setup link is printed
// and the team is built from nothing, as on a real first start.
let server: OwnServer;
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await startOwnServer();
});
test.afterAll(async () => {
  await server.stop();
});

const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'admin passphrase 1' };
const AGENT = { name: 'Grace Agent', email: 'grace@example.com', password: 'agent passphrase 1' };

async function signIn(page: Page, email: string, password: string, path = '/agent/login') {
  await page.goto(`${server.url}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((v) => v.id);
}

test('the first admin sets up Docket through the link the server printed, and adds an agent', async ({ page }) => {
  const printed = server.output.join('\n');
  const link = /(http:\/\/\S+\/agent\/setup\?token=\S+)/.exec(printed)?.[1];
  expect(link, printed).toBeTruthy();

  await page.goto(link ?? '');
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password (at least 10 characters)').fill(ADMIN.password);
  await page.getByLabel('Password again').fill('something else entirely');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByText('The two passwords differ')).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveValue(ADMIN.name);
  await page.getByLabel('Password (at least 10 characters)').fill(ADMIN.password);
  await page.getByLabel('Password again').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();

  await expect(page).toHaveURL(/\/agent\/agents$/);
  await expect(page.getByRole('cell', { name: ADMIN.email })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Name', { exact: true }).fill(AGENT.name);
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel(/First password/).fill(AGENT.password);
  await page.getByRole('button', { name: 'Add agent' }).click();
  await expect(page.getByRole('status')).toContainText(`${AGENT.name} can now sign in`);
  await expect(page.getByRole('cell', { name: AGENT.email })).toBeVisible();

  // The printed link worked once.
  const again = await page.context().newPage();
  await again.goto(link ?? '');
  await again.getByLabel('Your name').fill('Mallory');
  await again.getByLabel('Email').fill('mallory@example.com');
  await again.getByLabel('Password (at least 10 characters)').fill('mallory passphrase');
  await again.getByLabel('Password again').fill('mallory passphrase');
  await again.getByRole('button', { name: 'Create admin account' }).click();
  await expect(again.getByRole('alert')).toContainText('expired or was already used');
});

test('an agent signs in, is kept out of admin pages, changes their password and signs out', async ({ page, context }) => {
  await page.goto(`${server.url}/agent/account`);
  await expect(page).toHaveURL(/\/agent\/login\?next=%2Fagent%2Faccount/);
  expect(await seriousViolations(page)).toEqual([]);
  await signIn(page, AGENT.email, 'not my password', page.url().replace(server.url, ''));
  await expect(page.getByRole('alert')).toContainText('don’t match an active agent account');
  await page.getByLabel('Password', { exact: true }).fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/agent\/account$/);
  await expect(page.getByText(`${AGENT.name} · ${AGENT.email} · Agent`)).toBeVisible();

  const cookie = (await context.cookies()).find((c) => c.name === 'docket_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('docket_session');

  await page.goto(`${server.url}/agent/agents`);
  await expect(page.getByRole('alert')).toHaveText('Only an admin can manage agents.');
  await expect(page.getByRole('link', { name: 'Agents' })).toHaveCount(0);

  await page.goto(`${server.url}/agent/account`);
  await page.getByLabel('Current password').fill(AGENT.password);
  await page.getByLabel('New password (at least 10 characters)').fill('agent passphrase 2');
  await page.getByLabel('New password again').fill('agent passphrase 2');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Password changed');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/agent\/login$/);
  await signIn(page, AGENT.email, AGENT.password);
  await expect(page.getByRole('alert')).toBeVisible();
  await signIn(page, AGENT.email, 'agent passphrase 2');
  await expect(page).toHaveURL(new RegExp(`${server.url}/agent$`));
});

test('a guessing run is stopped with a clear message', async ({ page }) => {
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, ADMIN.email, `wrong guess ${attempt}`);
    await expect(page.getByRole('alert')).toContainText('don’t match');
  }
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole('alert')).toContainText('Too many failed sign-ins for this account. Try again in 15 minutes.');
});

test('a form posted from another site is refused', async ({ request }) => {
  const response = await request.post(`${server.url}/agent/login`, {
    headers: { Origin: 'https://evil.example' },
    form: { email: AGENT.email, password: 'agent passphrase 2' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie']).toBeUndefined();
});
