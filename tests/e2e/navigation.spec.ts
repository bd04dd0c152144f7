import { expect, test } from '@playwright/test';
import { pathOf, visit } from './helpers';

/** An English article with no Russian translation (content/en/expenses-and-reports/track-expenses.md). */
const UNTRANSLATED = '/articles/track-expenses/';

/** "5 articles", "1 article", "Статей: 3": the number a category card promises. */
function countIn(text: string): number {
  const match = text.match(/\d+/);
  if (!match) throw new Error(`No article count in "${text}"`);
  return Number(match[0]);
}

test.describe('browsing by category', () => {
  test('home → category → article, and the breadcrumbs lead back to the category and home', async ({ page }) => {
    await visit(page, '/');
    const card = page.locator('.category-grid a').filter({ hasText: 'Account and security' });
    const promised = countIn((await card.locator('.category-count').textContent()) ?? '');
    await card.click();

    await expect(page).toHaveURL('/categories/account-and-security/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Account and security');
    const listed = page.getByRole('main').locator('.article-list > li');
    await expect(listed).toHaveCount(promised);

    await page.getByRole('main').getByRole('link', { name: 'Reset your password' }).click();
    await expect(page).toHaveURL('/articles/reset-password/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');

    const breadcrumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
    await expect(breadcrumbs.getByRole('listitem')).toHaveText(['Help Center', 'Account and security', 'Reset your password']);
    await expect(breadcrumbs.locator('[aria-current="page"]')).toHaveText('Reset your password');
    await breadcrumbs.getByRole('link', { name: 'Account and security' }).click();
    await expect(page).toHaveURL('/categories/account-and-security/');

    await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Help Center' }).click();
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('How can we help?');
  });

  test('every category card on the home page counts the articles its category page lists', async ({ page }) => {
    for (const home of ['/', '/ru/']) {
      await visit(page, home);
      const cards = page.locator('.category-grid a');
      const promised: Array<{ href: string; count: number }> = [];
      for (const card of await cards.all()) {
        promised.push({
          href: (await card.getAttribute('href')) ?? '',
          count: countIn((await card.locator('.category-count').textContent()) ?? ''),
        });
      }
      expect(promised.length).toBeGreaterThan(0);
      for (const { href, count } of promised) {
        await visit(page, href);
        await expect(page.getByRole('main').locator('.article-list > li'), href).toHaveCount(count);
      }
    }
  });
});

test.describe('switching language', () => {
  test('on a translated article, RU leads to its Russian translation and EN back', async ({ page }) => {
    await visit(page, '/articles/reset-password/');
    const languages = page.getByRole('group', { name: 'Language' });
    await expect(languages.getByRole('link', { name: 'EN', exact: true })).toHaveAttribute('aria-current', 'true');
    await languages.getByRole('link', { name: 'RU', exact: true }).click();

    await expect(page).toHaveURL('/ru/articles/reset-password/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Как сбросить пароль');

    await page.getByRole('group', { name: 'Язык' }).getByRole('link', { name: 'EN', exact: true }).click();
    await expect(page).toHaveURL('/articles/reset-password/');
  });

  test('on an article with no Russian translation, RU leads to the Russian home page', async ({ page }) => {
    await visit(page, UNTRANSLATED);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Track your expenses');
    await page.getByRole('group', { name: 'Language' }).getByRole('link', { name: 'RU', exact: true }).click();
    await expect(page).toHaveURL('/ru/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  });

  test('the FAQ and category pages switch to their Russian counterparts, or to the Russian home page', async ({ page }) => {
    const russianLink = () => page.getByRole('group', { name: 'Language' }).getByRole('link', { name: 'RU', exact: true });
    await visit(page, '/faq/');
    await expect(russianLink()).toHaveAttribute('href', '/ru/faq/');
    await visit(page, '/categories/account-and-security/');
    await expect(russianLink()).toHaveAttribute('href', '/ru/categories/account-and-security/');
    // No Russian article is about integrations, so there is no Russian integrations category.
    await visit(page, '/categories/integrations/');
    await expect(russianLink()).toHaveAttribute('href', '/ru/');
  });

  test('translated pages name each other with hreflang; untranslated ones claim no translation', async ({ page }) => {
    await visit(page, '/articles/reset-password/');
    const alternate = (lang: string) => page.locator(`head link[rel="alternate"][hreflang="${lang}"]`);
    expect(pathOf(await alternate('en').getAttribute('href'))).toBe('/articles/reset-password/');
    expect(pathOf(await alternate('ru').getAttribute('href'))).toBe('/ru/articles/reset-password/');
    expect(pathOf(await alternate('x-default').getAttribute('href'))).toBe('/articles/reset-password/');

    await visit(page, '/ru/articles/reset-password/');
    expect(pathOf(await alternate('en').getAttribute('href'))).toBe('/articles/reset-password/');
    expect(pathOf(await alternate('ru').getAttribute('href'))).toBe('/ru/articles/reset-password/');

    await visit(page, UNTRANSLATED);
    await expect(page.locator('head link[rel="alternate"][hreflang]')).toHaveCount(0);
  });
});

test.describe('pages that do not exist', () => {
  test('an unknown URL answers 404 with the help center’s own page and a search box', async ({ page }) => {
    const response = await page.goto('/articles/no-such-article/');
    expect(response?.status()).toBe(404);
    await expect(page).toHaveTitle(/Page not found/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    await expect(page.getByRole('main').getByRole('searchbox', { name: 'Search the help center' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: 'Go to the help center home' })).toHaveAttribute('href', '/');
  });

  test('an unknown Russian URL answers 404 with the Russian page', async ({ page }) => {
    const response = await page.goto('/ru/unknown');
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page).toHaveTitle(/Страница не найдена/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница не найдена');
    await expect(page.getByRole('main').getByRole('searchbox', { name: 'Поиск по справочному центру' })).toBeVisible();
  });

  test('a draft article is not published: its URL is a 404 and its category does not list it', async ({ page }) => {
    // content/en/expenses-and-reports/mileage-tracking.md has `draft: true`.
    const response = await page.goto('/articles/mileage-tracking/');
    expect(response?.status()).toBe(404);
    await visit(page, '/categories/expenses-and-reports/');
    await expect(page.getByRole('main').locator('.article-list > li').first()).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: /mileage/i })).toHaveCount(0);
  });

  test('searching from the 404 page opens the search page', async ({ page }) => {
    await page.goto('/no/such/page');
    await page.getByRole('main').getByRole('searchbox').fill('refund');
    await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL('/search/?q=refund');
    await expect(page.locator('#search-page .search-results > li').first()).toBeVisible();
  });
});
