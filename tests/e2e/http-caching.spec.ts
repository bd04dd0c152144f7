import { expect, test } from '@playwright/test';

const ARTICLE = '/articles/reset-password/';

test.describe('responses are compressed and cached right', () => {
  test('the browser gets the article compressed', async ({ page }) => {
    const response = await page.goto(ARTICLE);
    expect(response?.status()).toBe(200);
    expect(await response?.headerValue('content-encoding')).toMatch(/^(br|gzip)$/);
    expect(await response?.headerValue('vary')).toMatch(/accept-encoding/i);
  });

  test('an HTML page is compressed with whichever encoding the client accepts', async ({ request }) => {
    const brotli = await request.get(ARTICLE, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(brotli.headers()['content-encoding']).toBe('br');
    const gzip = await request.get(ARTICLE, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers()['content-encoding']).toBe('gzip');
    const plain = await request.get(ARTICLE, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers()['content-encoding']).toBeUndefined();
    // Whatever the encoding, the reader gets the same page.
    expect(await brotli.text()).toBe(await plain.text());
    expect(await gzip.text()).toBe(await plain.text());
  });

  test('an HTML page revalidates: no-cache with an ETag, and 304 when unchanged', async ({ request }) => {
    const first = await request.get(ARTICLE);
    expect(first.status()).toBe(200);
    expect(first.headers()['cache-control']).toBe('no-cache');
    const etag = first.headers()['etag'];
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);

    const again = await request.get(ARTICLE, { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status()).toBe(304);
    expect(await again.body()).toHaveLength(0);
  });

  test('hashed assets under /_astro/ are cached for good', async ({ request }) => {
    const html = await (await request.get(ARTICLE)).text();
    const assets = [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+)"/g)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const response = await request.get(asset);
      expect(response.status(), asset).toBe(200);
      const cacheControl = response.headers()['cache-control'] ?? '';
      expect(cacheControl, asset).toContain('immutable');
      expect(cacheControl, asset).toMatch(/max-age=31536000/);
    }
    const css = assets.find((asset) => asset.endsWith('.css'));
    const compressed = await request.get(css ?? '', { headers: { 'Accept-Encoding': 'br' } });
    expect(compressed.headers()['content-encoding']).toBe('br');
  });

  test('a missing page is not cached as if it were there', async ({ request }) => {
    const response = await request.get('/articles/not-a-real-article/');
    expect(response.status()).toBe(404);
    expect(response.headers()['cache-control']).toBe('no-cache');
    expect(response.headers()['content-type']).toMatch(/^text\/html/);
  });
});
