import { expect, test, type Page } from '@playwright/test';
import { startOwnServer, type OwnServer } from '../support/own-server';

// A server of this file's own with tight limits, so a customer hits them in a few steps.
let server: OwnServer;
test.describe.configure({ mode: 'serial' });
test.use({ javaScriptEnabled: false });

test.beforeAll(async () => {
  server = await startOwnServer({ RATE_LIMIT_TICKETS: '1/h', RATE_LIMIT_REPLIES: '1/h' });
});
test.afterAll(async () => {
  await server.stop();
});

async function sendContactForm(page: Page, subject: string) {
  await page.goto(`${server.url}/contact`);
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('How can we help?').fill('A long enough description of what went wrong today.');
  // The form refuses what a person can't type in under 3 seconds.
  await page.waitForTimeout(3_200);
  return page.getByRole('button', { name: 'Send to support' }).click();
}

test('a customer over the limit gets the form back with every word kept, and a 429', async ({ page }) => {
  await sendContactForm(page, 'First question');
  await expect(page).toHaveURL(/\/tickets\/\d+\?key=/);
  const statusUrl = page.url();

  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/contact') && r.request().method() === 'POST'),
    sendContactForm(page, 'Second question'),
  ]);
  expect(response.status()).toBe(429);
  expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
  await expect(page.getByRole('alert')).toContainText('Your message is still here');
  await expect(page.getByLabel('Subject')).toHaveValue('Second question');
  await expect(page.getByLabel('How can we help?')).toHaveValue('A long enough description of what went wrong today.');

  await page.goto(statusUrl);
  await page.getByLabel('Add a reply').fill('First reply: thanks!');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('First reply: thanks!')).toBeVisible();
  await page.getByLabel('Add a reply').fill('Second reply, over the limit.');
  const [limited] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Send reply' }).click(),
  ]);
  expect(limited.status()).toBe(429);
  await expect(page.getByRole('alert')).toContainText('Your reply is below');
  await expect(page.getByLabel('Add a reply')).toHaveValue('Second reply, over the limit.');
});
