import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { startOwnServer, type OwnServer } from '../support/own-server';

// A server whose SMTP server is unreachable: emails queue, fail, and an admin sees why.
let server: OwnServer;
const ADMIN = { name: 'Ada Admin', email: 'ada@example.com', password: 'admin passphrase 1' };

test.beforeAll(async () => {
  server = await startOwnServer({ SMTP_URL: 'smtp://127.0.0.1:1?tls=off', MAIL_FROM: 'Support <support@example.com>' });
  const created = spawnSync(
    'npx',
    ['tsx', 'scripts/agent-create.ts', '--email', ADMIN.email, '--name', ADMIN.name, '--role', 'admin'],
    {
      input: ADMIN.password,
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
      encoding: 'utf8',
    },
  );
  expect(created.status, created.stderr).toBe(0);
});
test.afterAll(async () => {
  await server.stop();
});

test('an admin sees an email the SMTP server refused, with the reason, and can send it again', async ({ page, request }) => {
  expect(server.output.join('\n')).toContain('Email is on: notifications go through 127.0.0.1:1 from support@example.com.');
  const opened = await request.post(`${server.url}/api/tickets`, {
    data: {
      name: 'Linus',
      email: 'linus@example.com',
      subject: 'Bank feed stopped',
      message: 'It stopped syncing yesterday.',
      locale: 'en',
    },
  });
  const { number } = (await opened.json()) as { number: number };

  await page.goto(`${server.url}/agent/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Email', exact: true }).click();
  await expect(page.getByText('Reading a support mailbox is off: set IMAP_URL')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(`#${number}`) });
  // The sender tries every second; the refusal shows once it has.
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText('ECONNREFUSED', { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(row).toContainText('Retrying at');
  await row.getByRole('button', { name: /Send now/ }).click();
  await expect(page.getByRole('status')).toHaveText('The email will be sent again within a few seconds.');
});

test('a "your tickets" link waiting to be sent shows in the admin’s list without a ticket', async ({ page, request }) => {
  const email = `grace.${Math.random().toString(36).slice(2)}@example.com`;
  const opened = await request.post(`${server.url}/api/tickets`, {
    data: { name: 'Grace', email, subject: 'Export fails', message: 'The CSV export stops halfway.', locale: 'en' },
  });
  expect(opened.status()).toBe(201);
  await page.goto(`${server.url}/tickets`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a link' }).click();
  await expect(page.getByRole('status')).toContainText('we’ve sent a link');

  await page.goto(`${server.url}/agent/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Email', exact: true }).click();
  const row = page.getByRole('row', { name: /Your link to your tickets/ }).filter({ hasText: email });
  await expect(row).toContainText('Link to their tickets');
  await expect(row.getByRole('link')).toHaveCount(0);
});
