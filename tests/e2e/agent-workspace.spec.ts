import { spawnSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startOwnServer, type OwnServer } from '../support/own-server';

// A server of this file's own with one agent, created the way an operator would: `npm run agent:create`.
let server: OwnServer;
const AGENT = { name: 'Grace Agent', email: 'grace@example.com', password: 'agent passphrase 1' };
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'admin passphrase 1' };

function createAccount(account: { name: string; email: string; password: string }, role: 'agent' | 'admin') {
  const created = spawnSync(
    'npx',
    ['tsx', 'scripts/agent-create.ts', '--email', account.email, '--name', account.name, '--role', role],
    {
      input: account.password,
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
      encoding: 'utf8',
    },
  );
  expect(created.status, created.stderr).toBe(0);
}

async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto(`${server.url}/agent/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${server.url}/agent$`));
}

test.beforeAll(async () => {
  server = await startOwnServer();
  createAccount(AGENT, 'agent');
  createAccount(ADMIN, 'admin');
});
test.afterAll(async () => {
  await server.stop();
});

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

test('an agent finds the ticket a customer just opened, works it by keyboard, and the customer sees only the reply', async ({
  page,
  request,
}) => {
  const opened = await request.post(`${server.url}/api/tickets`, {
    data: {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      subject: 'Invoice PDF is blank',
      message: 'When I download invoice #42 the PDF has no pages at all.',
      locale: 'en',
    },
  });
  expect(opened.status()).toBe(201);
  const { number, status_url: statusUrl } = (await opened.json()) as { number: number; status_url: string };

  await page.goto(`${server.url}/agent`);
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password', { exact: true }).fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${server.url}/agent$`));
  await page.getByRole('link', { name: /Unassigned/ }).click();
  const row = page.locator(`.queue-row[data-number="${number}"]`);
  await expect(row).toContainText('Invoice PDF is blank');
  await expect(row).toContainText('Customer waiting');
  expect(await seriousViolations(page)).toEqual([]);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await expect(row).toHaveClass(/is-current/);
  await page.keyboard.press('a');
  await expect(page.getByRole('status')).toHaveText(`Ticket ${number} is assigned to you.`);
  await page.keyboard.press('o');
  await expect(page).toHaveURL(new RegExp(`/agent/tickets/${number}$`));
  await expect(page.getByText('Assigned to Grace Agent')).toBeVisible();

  await page.keyboard.press('n');
  await expect(page.getByLabel('Internal note')).toBeChecked();
  await expect(page.locator('#editor-body')).toBeFocused();
  await page.keyboard.type('Customer is on the old PDF renderer.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Note added.');

  await page.locator('body').click();
  await page.keyboard.press('r');
  await expect(page.getByLabel('Public reply')).toBeChecked();
  await page.keyboard.type('Please regenerate the invoice and download it again.');
  await page.getByRole('button', { name: 'Send and set status to' }).click();
  await expect(page.getByRole('status')).toHaveText('Reply sent.');
  await expect(page.locator('.conversation .is-note')).toContainText('Internal note, never shown to the customer');
  await expect(page.getByText('Pending · Normal priority')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const customer = await page.context().newPage();
  await customer.goto(`${server.url}${statusUrl}`);
  await expect(customer.getByText('Please regenerate the invoice and download it again.')).toBeVisible();
  await expect(customer.getByText('old PDF renderer')).toHaveCount(0);

  await page.locator('body').click();
  await page.keyboard.press('e');
  await expect(page.getByRole('status')).toHaveText('Ticket updated.');
  await expect(page.getByText('Solved · Normal priority')).toBeVisible();
  await expect(page.locator('.audit')).toContainText('changed the status from Pending to Solved');
});

test('bulk changes apply to the selected tickets, and search finds a ticket by its words', async ({ page, request }) => {
  const numbers: number[] = [];
  for (const subject of ['Export to CSV fails', 'Bank feed stopped syncing']) {
    const response = await request.post(`${server.url}/api/tickets`, {
      data: { name: 'Linus', email: 'linus@example.com', subject, message: 'Details of the problem, in full.', locale: 'en' },
    });
    numbers.push(((await response.json()) as { number: number }).number);
  }
  await page.goto(`${server.url}/agent/login`);
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password', { exact: true }).fill(AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(`${server.url}/agent?view=open`);
  for (const number of numbers) await page.getByLabel(`Select ticket ${number}`).check();
  await page.locator('.bulk-actions').getByLabel('Priority').selectOption('urgent');
  await page.getByRole('button', { name: 'Apply to selected' }).click();
  await expect(page.getByRole('status')).toHaveText('2 tickets changed.');
  await page.goto(`${server.url}/agent?view=open&priority=urgent`);
  for (const number of numbers) await expect(page.locator(`.queue-row[data-number="${number}"]`)).toBeVisible();

  await page.getByLabel('Search tickets').fill('bank feed');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('.queue-row')).toHaveCount(1);
  await expect(page.locator('.queue-row')).toContainText('Bank feed stopped syncing');
});

test('an admin writes a canned reply; an agent inserts it into a reply, filled in for the ticket', async ({ page, request }) => {
  const response = await request.post(`${server.url}/api/tickets`, {
    data: {
      name: 'Margaret Hamilton',
      email: 'margaret@example.com',
      subject: 'Refund for a double charge',
      message: 'I was charged twice this month.',
      locale: 'en',
    },
  });
  const { number } = (await response.json()) as { number: number };

  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Canned replies' }).click();
  await page.getByLabel('Title').fill('Refund on its way');
  await page
    .getByLabel('Reply', { exact: true })
    .fill('Hi {{customer.first_name}}, the refund for ticket #{{ticket.number}} is on its way. {{agent.nmae}}');
  await page.getByRole('button', { name: 'Add canned reply' }).click();
  await expect(page.getByText('Unknown placeholder {{agent.nmae}}')).toBeVisible();
  await page
    .getByLabel('Reply', { exact: true })
    .fill('Hi {{customer.first_name}}, the refund for ticket #{{ticket.number}} is on its way. {{agent.name}}');
  await page.getByRole('button', { name: 'Add canned reply' }).click();
  await expect(page.getByRole('status')).toHaveText('Canned reply added.');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  await signIn(page, AGENT);
  await page.goto(`${server.url}/agent/tickets/${number}`);
  await page.locator('#editor-body').fill('Sorry about that. ');
  await page.getByLabel('Canned reply').selectOption({ label: 'Refund on its way' });
  await page.getByRole('button', { name: 'Insert', exact: true }).click();
  await expect(page.locator('#editor-body')).toHaveValue(
    `Sorry about that. Hi Margaret, the refund for ticket #${number} is on its way. ${AGENT.name}`,
  );
});
