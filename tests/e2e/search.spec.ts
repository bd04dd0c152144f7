import { expect, test, type Page } from '@playwright/test';
import { headerSearch, typeInHeaderSearch, visit } from './helpers';

/** The number of matches the search page says it found ("12 results for …", "1 result for …"). */
async function statusCount(page: Page): Promise<number> {
  const status = page.locator('#search-page [role="status"]');
  await expect(status).toHaveText(/^\d+ results? for/);
  return Number((await status.textContent())?.match(/^\d+/)?.[0]);
}

test.describe('header search', () => {
  test('a reader types "reset password", clicks the article among the live results and lands on it', async ({ page }) => {
    await visit(page, '/');
    const dropdown = await typeInHeaderSearch(page, 'reset password');
    await expect(dropdown).toHaveRole('listbox');
    await expect(headerSearch(page)).toHaveAttribute('aria-expanded', 'true');

    const option = dropdown.getByRole('option').filter({ hasText: 'Reset your password' });
    await expect(option).toHaveCount(1);
    await option.click();

    await expect(page).toHaveURL('/articles/reset-password/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
  });

  test('leaving the search box and coming back wires it once: one list of live results, each result once', async ({ page }) => {
    await visit(page, '/articles/reset-password/');
    // Each focus runs the box's handler; the search client must only be set up the first time.
    for (let i = 0; i < 3; i++) {
      await headerSearch(page).focus();
      await page.getByRole('heading', { level: 1 }).click();
    }
    const dropdown = await typeInHeaderSearch(page, 'reset password');
    await expect(page.locator('[role="listbox"]')).toHaveCount(1);
    await expect(dropdown.getByRole('option').filter({ hasText: 'Reset your password' })).toHaveCount(1);
  });

  test('a misspelling the writer listed in keywords ("pasword") finds the article, though keywords are never shown', async ({
    page,
  }) => {
    await visit(page, '/');
    const dropdown = await typeInHeaderSearch(page, 'pasword');
    await expect(dropdown.getByRole('option').first()).toContainText('Reset your password');

    await visit(page, '/articles/reset-password/');
    await expect(page.getByText('pasword')).toBeHidden();
  });

  test('a reader picks the article from the live results with ArrowDown and Enter', async ({ page }) => {
    await visit(page, '/');
    const dropdown = await typeInHeaderSearch(page, 'reset password');
    const options = dropdown.getByRole('option');
    await expect(options.filter({ hasText: 'Reset your password' })).toHaveCount(1);

    const titles = await options.allTextContents();
    const wanted = titles.findIndex((title) => title.includes('Reset your password'));
    for (let i = 0; i <= wanted; i++) await page.keyboard.press('ArrowDown');
    await expect(options.nth(wanted)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');

    await expect(page).toHaveURL('/articles/reset-password/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
  });

  test('Enter with no result chosen opens the search page for the query', async ({ page }) => {
    await visit(page, '/');
    await typeInHeaderSearch(page, 'invoice');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL('/search/?q=invoice');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search');
  });
});

test.describe('search page', () => {
  test('lists results with title, highlighted excerpt and category, and the category filter narrows them', async ({ page }) => {
    await visit(page, '/search/?q=invoice');
    const results = page.locator('#search-page ol.search-results > li');
    await expect(results.first()).toBeVisible();
    const everything = await statusCount(page);
    expect(everything).toBeGreaterThan(1);

    const shown = await results.count();
    expect(shown).toBeGreaterThan(0);
    for (let i = 0; i < shown; i++) {
      const result = results.nth(i);
      await expect(result.locator('.result-title')).not.toBeEmpty();
      await expect(result.locator('.result-category')).not.toBeEmpty();
      await expect(result.locator('.result-excerpt')).not.toBeEmpty();
    }
    await expect(results.locator('.result-excerpt mark').first()).toBeVisible();
    await expect(results.locator('.result-excerpt mark').first()).toHaveText(/invoice/i);

    const filter = page.getByRole('combobox', { name: 'Category' });
    const category = 'Invoices and estimates';
    await filter.selectOption(category);

    await expect(page).toHaveURL(/[?&]category=Invoices(\+|%20)and(\+|%20)estimates/);
    await expect(page).toHaveURL(/[?&]q=invoice(&|$)/);
    // The list is replaced when the filtered search answers: wait until only the chosen category shows.
    await expect.poll(async () => [...new Set(await results.locator('.result-category').allTextContents())]).toEqual([category]);
    const narrowed = await statusCount(page);
    expect(narrowed).toBeLessThanOrEqual(everything);
    expect(narrowed).toBeGreaterThan(0);
    const categories = await results.locator('.result-category').allTextContents();
    expect(categories.length).toBe(Math.min(narrowed, 20));
    expect(new Set(categories)).toEqual(new Set([category]));
  });

  test('opening a search URL with a category shows that category already chosen', async ({ page }) => {
    await visit(page, '/search/?q=password&category=Account%20and%20security');
    await expect(page.getByRole('combobox', { name: 'Category' })).toHaveValue('Account and security');
    await expect(page.locator('#search-query')).toHaveValue('password');
    const categories = page.locator('#search-page .search-results .result-category');
    await expect(categories.first()).toBeVisible();
    expect(new Set(await categories.allTextContents())).toEqual(new Set(['Account and security']));
  });
});

test.describe('search in Russian', () => {
  test('a Russian query on a Russian page finds the Russian article', async ({ page }) => {
    await visit(page, '/ru/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    const dropdown = await typeInHeaderSearch(page, 'сбросить пароль');
    const link = dropdown.getByRole('option', { name: /Как сбросить пароль/ });
    await expect(link).toHaveAttribute('href', '/ru/articles/reset-password/');
    await link.click();
    await expect(page).toHaveURL('/ru/articles/reset-password/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Как сбросить пароль');
  });

  test('the Russian search page lists Russian articles with Russian categories', async ({ page }) => {
    await visit(page, '/ru/search/?q=пароль');
    const results = page.locator('#search-page .search-results > li');
    await expect(results.first()).toBeVisible();
    const hrefs = await results.locator('a.result-link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs).toContain('/ru/articles/reset-password/');
    expect(hrefs.filter((href) => !href?.startsWith('/ru/'))).toEqual([]);
    await expect(page.getByRole('combobox', { name: 'Раздел' })).toContainText('Аккаунт и безопасность');
    await expect(page.locator('#search-page [role="status"]')).toContainText('пароль');
  });

  test('English pages search only the English articles', async ({ page }) => {
    await visit(page, '/articles/create-your-account/');
    // Russian words are in the Russian index only; the English search must not reach it.
    const dropdown = await typeInHeaderSearch(page, 'сброс пароля');
    await expect(dropdown.locator('a[href^="/ru/"]')).toHaveCount(0);

    await headerSearch(page).fill('password');
    await expect(dropdown.getByRole('option').filter({ hasText: 'Reset your password' })).toHaveCount(1);
    const hrefs = await dropdown.getByRole('option').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((href) => href?.startsWith('/ru/'))).toEqual([]);
  });
});
