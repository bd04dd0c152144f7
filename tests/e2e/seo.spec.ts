import { expect, test } from '@playwright/test';
import { jsonLdOfType, pathOf, visit } from './helpers';

test.describe('what search engines see', () => {
  test('an article has canonical, description, OpenGraph, and Article + BreadcrumbList structured data', async ({ page }) => {
    await visit(page, '/articles/reset-password/');
    const head = page.locator('head');
    const canonical = await head.locator('link[rel="canonical"]').getAttribute('href');
    expect(pathOf(canonical)).toBe('/articles/reset-password/');

    const description = await head.locator('meta[name="description"]').getAttribute('content');
    expect(description).toMatch(/password reset link/);
    await expect(head.locator('meta[property="og:title"]')).toHaveAttribute('content', 'Reset your password');
    await expect(head.locator('meta[property="og:description"]')).toHaveAttribute('content', description ?? '');
    await expect(head.locator('meta[property="og:url"]')).toHaveAttribute('content', canonical ?? '');
    await expect(head.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
    await expect(head.locator('meta[name="robots"]')).toHaveCount(0);

    const article = await jsonLdOfType(page, 'Article');
    expect(article.headline).toBe('Reset your password');
    expect(article.description).toBe(description);
    expect(article.url).toBe(canonical);
    expect(article.inLanguage).toBe('en');
    expect(article.dateModified).toBe(await page.locator('article time').getAttribute('datetime'));

    const breadcrumbs = await jsonLdOfType(page, 'BreadcrumbList');
    const items = breadcrumbs.itemListElement as Array<{ position: number; name: string; item: string }>;
    const visible = (await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('listitem').allTextContents()).map(
      (text) => text.trim(),
    );
    expect(items.map((item) => item.name)).toEqual(visible);
    expect(items.map((item) => item.position)).toEqual([1, 2, 3]);
    expect(items.map((item) => pathOf(item.item))).toEqual([
      '/',
      '/categories/account-and-security/',
      '/articles/reset-password/',
    ]);
  });

  test('the sitemap lists articles with their translations as hreflang alternates', async ({ request }) => {
    const response = await request.get('/sitemap.xml');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/xml/);
    const xml = await response.text();

    const entries = [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((match) => match[1] ?? '');
    const entryFor = (path: string) => entries.find((entry) => pathOf(entry.match(/<loc>(.*?)<\/loc>/)?.[1] ?? null) === path);

    const english = entryFor('/articles/reset-password/');
    expect(english, 'sitemap entry for /articles/reset-password/').toBeDefined();
    expect(english).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}<\/lastmod>/);
    const alternates = [...(english ?? '').matchAll(/<xhtml:link rel="alternate" hreflang="(\w+)" href="([^"]+)"\/>/g)].map(
      ([, lang, href]) => [lang, pathOf(href ?? null)],
    );
    expect(alternates).toEqual([
      ['en', '/articles/reset-password/'],
      ['ru', '/ru/articles/reset-password/'],
    ]);
    expect(entryFor('/ru/articles/reset-password/')).toBeDefined();
    expect(entryFor('/articles/track-expenses/')).toBeDefined();
    // Drafts are not published (content/en/expenses-and-reports/mileage-tracking.md).
    expect(entryFor('/articles/mileage-tracking/')).toBeUndefined();

    // Pages search engines should not list: search results and the 404 page.
    const paths = entries.map((entry) => pathOf(entry.match(/<loc>(.*?)<\/loc>/)?.[1] ?? null));
    expect(paths.filter((path) => /\/(search|404)\/?$/.test(path))).toEqual([]);
  });

  test('robots.txt names the sitemap and keeps crawlers off private ticket pages in every language', async ({
    request,
    baseURL,
  }) => {
    const response = await request.get('/robots.txt');
    expect(response.status()).toBe(200);
    const disallowed = [...(await response.text()).matchAll(/^Disallow: (\S+)$/gm)].map((match) => match[1]);
    expect(disallowed).toEqual(expect.arrayContaining(['/tickets/', '/ru/tickets/', '/agent/', '/api/']));
    const sitemap = (await response.text()).match(/^Sitemap: (\S+)$/m)?.[1] ?? null;
    expect(pathOf(sitemap)).toBe('/sitemap.xml');
    expect((await request.get(new URL(pathOf(sitemap), baseURL).href)).status()).toBe(200);
  });

  test('the search page and the 404 page ask not to be indexed', async ({ page }) => {
    await visit(page, '/search/?q=invoice');
    await expect(page.locator('head meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    await page.goto('/nothing-here');
    await expect(page.locator('head meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  });
});
