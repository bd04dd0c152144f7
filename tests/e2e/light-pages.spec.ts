import { expect, test, type Request } from '@playwright/test';
import { headerSearch, visit } from './helpers';

// An article with a screenshot (content/en/account-and-security/two-factor-authentication.md).
const ARTICLE_WITH_IMAGE = '/articles/two-factor-authentication/';

test.describe('article pages stay light', () => {
  test('an article loads one stylesheet and no JavaScript file until the reader reaches for search', async ({ page }) => {
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    await visit(page, ARTICLE_WITH_IMAGE, { waitUntil: 'networkidle' });
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    const of = (type: string) => requests.filter((request) => request.resourceType() === type).map((request) => request.url());
    expect(of('script'), 'JavaScript files requested before any interaction').toEqual([]);
    expect(of('fetch').concat(of('xhr')), 'fetches before any interaction').toEqual([]);
    expect(of('stylesheet'), 'stylesheets').toHaveLength(1);
    expect(of('stylesheet')[0]).toMatch(/\/_astro\/[^/]+\.css$/);
    // Nor does any script run as it loads: its only script elements are JSON-LD data (search and feedback
    // are event-handler attributes), and nothing has written to the browser's storage.
    const scriptTypes = await page
      .locator('script')
      .evaluateAll((scripts) => scripts.map((script) => script.getAttribute('type')));
    expect(scriptTypes.filter((type) => type !== 'application/ld+json')).toEqual([]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // Search arrives on demand: focusing the box loads the search client and Pagefind.
    const pagefind = page.waitForRequest((request) => new URL(request.url()).pathname === '/pagefind/pagefind.js');
    await headerSearch(page).focus();
    await pagefind;
    await page.waitForLoadState('networkidle');
    const scripts = of('script').map((url) => new URL(url).pathname);
    expect(
      scripts.some((path) => /^\/_astro\/search-client\.[\w-]+\.js$/.test(path)),
      scripts.join('\n'),
    ).toBe(true);
    expect(scripts).toContain('/pagefind/pagefind.js');
  });

  test('article images have their size and load lazily', async ({ page }) => {
    await visit(page, ARTICLE_WITH_IMAGE);
    const images = page.locator('article img');
    expect(await images.count()).toBeGreaterThan(0);
    for (const image of await images.all()) {
      await expect(image).toHaveAttribute('width', /^[1-9]\d*$/);
      await expect(image).toHaveAttribute('height', /^[1-9]\d*$/);
      await expect(image).toHaveAttribute('loading', 'lazy');
      await expect(image).toHaveAttribute('alt', /\S/);
    }
  });

  test('every image on every published article has its size and loads lazily', async ({ request }) => {
    const sitemap = await (await request.get('/sitemap.xml')).text();
    const articles = [...sitemap.matchAll(/<loc>([^<]+\/articles\/[^<]+)<\/loc>/g)].map(
      (match) => new URL(match[1] ?? '').pathname,
    );
    expect(articles.length).toBeGreaterThan(10);
    const problems: string[] = [];
    let images = 0;
    for (const path of articles) {
      const html = await (await request.get(path)).text();
      for (const [tag] of html.matchAll(/<img\b[^>]*>/g)) {
        images++;
        const missing = ['width', 'height'].filter((name) => !new RegExp(`\\s${name}="[1-9]\\d*"`).test(tag));
        if (!/\sloading="lazy"/.test(tag)) missing.push('loading="lazy"');
        if (missing.length) problems.push(`${path}: ${tag} lacks ${missing.join(', ')}`);
      }
    }
    expect(images, 'images found on article pages').toBeGreaterThan(0);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  test('article images exist: scrolled into view, each one loads', async ({ page }) => {
    await visit(page, ARTICLE_WITH_IMAGE);
    for (const image of await page.locator('article img').all()) {
      await image.scrollIntoViewIfNeeded();
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    }
  });
});
