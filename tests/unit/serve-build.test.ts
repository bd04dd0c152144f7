import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuggestionIndex } from '../../api/deflection';
import { createServer } from '../../api/server';
import { createTestDatabase } from '../support/database';

let root: string;
let app: ReturnType<typeof createServer>;

function write(path: string, content: string, variants = false) {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  if (variants) {
    writeFileSync(`${file}.br`, brotliCompressSync(content));
    writeFileSync(`${file}.gz`, gzipSync(content));
  }
}

beforeAll(async () => {
  root = join(mkdtempSync(join(tmpdir(), 'docket-build-')), 'client');
  write('index.html', '<!doctype html><title>Home</title>', true);
  write('articles/reset-password/index.html', '<!doctype html><title>Reset your password</title>', true);
  write('_astro/page.AbC123.css', 'body{color:red}', true);
  write('pagefind/pagefind.js', 'export {}');
  write('pagefind/fragment/en_1a2b3c.pf_fragment', 'x');
  write('404.html', '<!doctype html><title>Page not found</title>');
  write('ru/404/index.html', '<!doctype html><title>Страница не найдена</title>');
  write('images/screen.png', 'png');
  writeFileSync(join(root, '..', 'docket-secret.txt'), 'secret');
  app = createServer({ clientDir: root, db: await createTestDatabase(), suggestions: createSuggestionIndex([]) });
});

afterAll(() => {
  rmSync(join(root, '..'), { recursive: true, force: true });
});

describe('the help center server', () => {
  it('sends the brotli copy of a page to a browser that accepts it, and the plain page to one that does not', async () => {
    const compressed = await app.request('/articles/reset-password/', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(compressed.status).toBe(200);
    expect(compressed.headers.get('Content-Encoding')).toBe('br');
    expect(compressed.headers.get('Vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await compressed.arrayBuffer())).toString()).toContain('Reset your password');

    const gzipOnly = await app.request('/articles/reset-password/', { headers: { 'Accept-Encoding': 'gzip, br;q=0' } });
    expect(gzipOnly.headers.get('Content-Encoding')).toBe('gzip');

    const plain = await app.request('/articles/reset-password/');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(await plain.text()).toContain('Reset your password');
    expect(plain.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
  });

  it('lets browsers keep hashed assets for a year and makes them revalidate pages', async () => {
    const css = await app.request('/_astro/page.AbC123.css');
    expect(css.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');

    const fragment = await app.request('/pagefind/fragment/en_1a2b3c.pf_fragment');
    expect(fragment.headers.get('Cache-Control')).toContain('immutable');
    const entry = await app.request('/pagefind/pagefind.js');
    expect(entry.headers.get('Cache-Control')).toBe('no-cache');

    const page = await app.request('/');
    expect(page.headers.get('Cache-Control')).toBe('no-cache');
    const etag = page.headers.get('ETag');
    expect(etag).toBeTruthy();
    const again = await app.request('/', { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('gives each encoding of a file its own ETag, so a cache never mixes them up', async () => {
    const br = await app.request('/', { headers: { 'Accept-Encoding': 'br' } });
    const plain = await app.request('/');
    expect(br.headers.get('ETag')).not.toBe(plain.headers.get('ETag'));
  });

  it('redirects a page URL without its trailing slash to the canonical one, keeping the query', async () => {
    const response = await app.request('/articles/reset-password?ref=mail');
    expect(response.status).toBe(301);
    expect(response.headers.get('Location')).toBe('/articles/reset-password/?ref=mail');
  });

  it("answers a missing page with the help center's 404 page in the reader's locale", async () => {
    const english = await app.request('/articles/no-such-article/');
    expect(english.status).toBe(404);
    expect(await english.text()).toContain('Page not found');

    const russian = await app.request('/ru/articles/no-such-article/');
    expect(russian.status).toBe(404);
    expect(await russian.text()).toContain('Страница не найдена');
  });

  it('never serves a file from outside the build, however the path is spelled', async () => {
    for (const path of ['/../docket-secret.txt', '/%2e%2e/docket-secret.txt', '/images/..%2f..%2fdocket-secret.txt', '/%00']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('secret');
    }
  });

  it('answers HEAD with headers only', async () => {
    const response = await app.request('/', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Length')).toBe(String('<!doctype html><title>Home</title>'.length));
    expect(await response.text()).toBe('');
  });

  it('answers unknown API routes with JSON, not the 404 page', async () => {
    const response = await app.request('/api/no-such-route');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found', message: 'No route for GET /api/no-such-route' });
  });

  it('answers the health check through the API', async () => {
    const response = await app.request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});
