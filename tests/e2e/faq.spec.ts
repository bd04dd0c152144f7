import { expect, test } from '@playwright/test';
import { jsonLdOfType, visit } from './helpers';

test.describe('FAQ page', () => {
  test('questions open to show the answer and a link to the full article', async ({ page }) => {
    await visit(page, '/faq/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Frequently asked questions');
    const questions = page.locator('main details');
    expect(await questions.count()).toBeGreaterThan(1);

    const question = questions.filter({ has: page.locator('summary', { hasText: 'Reset your password' }) });
    await expect(question).not.toHaveAttribute('open');
    const readMore = question.getByRole('link', { name: 'Read the full article' });
    await expect(readMore).toBeHidden();

    await question.locator('summary').click();
    await expect(question).toHaveAttribute('open', '');
    await expect(question.getByText('reset it yourself in a couple of minutes')).toBeVisible();
    await expect(readMore).toBeVisible();
    await expect(readMore).toHaveAttribute('href', '/articles/reset-password/');

    await readMore.click();
    await expect(page).toHaveURL('/articles/reset-password/');
  });

  test('the FAQPage structured data asks the same questions as the page', async ({ page }) => {
    await visit(page, '/faq/');
    const summaries = (await page.locator('main details > summary').allTextContents()).map((text) => text.trim());
    const faq = await jsonLdOfType(page, 'FAQPage');
    const entities = faq.mainEntity as Array<{
      '@type': string;
      name: string;
      acceptedAnswer: { '@type': string; text: string };
    }>;
    expect(entities.map((entity) => entity.name)).toEqual(summaries);
    for (const entity of entities) {
      expect(entity['@type']).toBe('Question');
      expect(entity.acceptedAnswer['@type']).toBe('Answer');
      expect(entity.acceptedAnswer.text.length).toBeGreaterThan(20);
    }
  });

  test('the Russian FAQ is in Russian', async ({ page }) => {
    await visit(page, '/ru/faq/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Частые вопросы');
    const question = page.locator('main details').filter({ hasText: 'Как сбросить пароль' });
    await question.locator('summary').click();
    await expect(question.getByRole('link', { name: 'Читать статью целиком' })).toHaveAttribute(
      'href',
      '/ru/articles/reset-password/',
    );
  });
});
