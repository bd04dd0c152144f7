import { expect, test, type Page } from '@playwright/test';
import { visit } from './helpers';

/** Relative luminance (WCAG) of the body's computed background colour, 0 = black, 1 = white. */
async function bodyBackgroundLuminance(page: Page): Promise<number> {
  const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const channels = color
    .match(/[\d.]+/g)
    ?.slice(0, 3)
    .map(Number);
  if (!channels || channels.length < 3) throw new Error(`Unexpected background colour: ${color}`);
  const [r = 0, g = 0, b = 0] = channels.map((value) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test.describe('color scheme follows the reader’s setting', () => {
  test('with a dark system setting the pages are dark', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const path of ['/', '/articles/reset-password/']) {
      await visit(page, path);
      expect(await bodyBackgroundLuminance(page), path).toBeLessThan(0.05);
    }
  });

  test('with a light system setting the pages are light', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    for (const path of ['/', '/articles/reset-password/']) {
      await visit(page, path);
      expect(await bodyBackgroundLuminance(page), path).toBeGreaterThan(0.9);
    }
  });
});
