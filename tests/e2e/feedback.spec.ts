import { expect, test } from '@playwright/test';
import { visit } from './helpers';

test('a reader says an article did not help, adds why, and is thanked', async ({ page }) => {
  await visit(page, '/articles/reset-password/');
  const feedback = page.locator('form.feedback');
  await expect(feedback.getByText('Was this article helpful?')).toBeVisible();

  const vote = page.waitForResponse((response) => response.url().endsWith('/api/feedback'));
  await feedback.getByRole('button', { name: 'No' }).click();
  expect((await vote).status()).toBe(201);

  await feedback.getByLabel('What was missing or unclear? (optional)').fill('My reset link had expired.');
  const comment = page.waitForResponse((response) => response.url().endsWith('/api/feedback'));
  await feedback.getByRole('button', { name: 'Send' }).click();
  // The same browser voting again replaces its vote: 200, not a second 201.
  expect((await comment).status()).toBe(200);
  await expect(feedback.getByRole('status')).toHaveText('Thanks for letting us know.');
});

test('without JavaScript there is no feedback widget that could not work', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await visit(page, '/articles/reset-password/');
  await expect(page.locator('form.feedback')).toBeHidden();
  await context.close();
});
