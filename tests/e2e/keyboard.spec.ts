import { expect, test } from '@playwright/test';
import { headerSearch, searchDropdown, visit } from './helpers';

test.describe('keyboard', () => {
  test('pressing "/" outside a field focuses the header search without typing a slash', async ({ page }) => {
    await visit(page, '/articles/reset-password/');
    await page.getByRole('heading', { level: 1 }).click(); // focus nowhere in particular
    await page.keyboard.press('/');
    await expect(headerSearch(page)).toBeFocused();
    await expect(headerSearch(page)).toHaveValue('');
  });

  test('"/" typed inside a field stays a slash', async ({ page }) => {
    await visit(page, '/');
    const hero = page.getByRole('main').getByRole('searchbox');
    await hero.click();
    await page.keyboard.type('a/b');
    await expect(hero).toHaveValue('a/b');
    await expect(hero).toBeFocused();
  });

  test('the first Tab reaches the skip link, which takes the reader past the header into the content', async ({ page }) => {
    await visit(page, '/articles/reset-password/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL('/articles/reset-password/#main');

    // The next Tab lands on the first link inside <main> (the breadcrumbs), not back in the header.
    await page.keyboard.press('Tab');
    const inMain = await page.evaluate(() => document.getElementById('main')?.contains(document.activeElement) ?? false);
    expect(inMain).toBe(true);
    await expect(page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'Help Center' })).toBeFocused();
  });

  test('live results are reachable with the arrow keys, and Enter opens the chosen one', async ({ page }) => {
    await visit(page, '/');
    await page.keyboard.press('/');
    await page.keyboard.type('invoice');
    const input = headerSearch(page);
    const options = searchDropdown(page).getByRole('option');
    await expect(options.nth(1)).toBeVisible();

    await page.keyboard.press('ArrowDown');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
    await expect(input).toHaveAttribute('aria-activedescendant', (await options.nth(0).getAttribute('id')) ?? '');
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('ArrowUp');
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
    await expect(input).toBeFocused(); // focus stays in the box while the reader moves through results

    const href = (await options.nth(0).getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/articles\//);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(href);
  });

  test('Escape closes the live results and keeps the query; ArrowDown brings them back', async ({ page }) => {
    await visit(page, '/');
    await page.keyboard.press('/');
    await page.keyboard.type('invoice');
    const input = headerSearch(page);
    const options = searchDropdown(page).getByRole('option');
    await expect(options.first()).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(searchDropdown(page)).toBeHidden();
    await expect(input).toHaveAttribute('aria-expanded', 'false');
    await expect(input).toBeFocused();
    // The ARIA combobox pattern: Escape dismisses the open listbox; what the reader typed stays.
    await expect(input).toHaveValue('invoice');

    await page.keyboard.press('ArrowDown');
    await expect(searchDropdown(page)).toBeVisible();
    await expect(options.first()).toBeVisible();
  });
});
