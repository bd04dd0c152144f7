import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve as resolvePath, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import { contentType } from './mime';

/** Options for serving a built help center (`dist/client`). */
export interface ServeBuildOptions {
  /** Absolute path of the build's client directory. */
  root: string;
  /** Locale prefixes (`ru`) whose missing pages get that locale's 404 page (`ru/404/index.html`). */
  localePrefixes?: readonly string[];
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const SHORT = 'public, max-age=3600';
/** Files smaller than this are read whole; larger ones are streamed. */
const STREAM_THRESHOLD = 128 * 1024;

/**
 * Caching for a build file: content-hashed names never change, so browsers keep them for a year;
 * HTML and Pagefind's entry files change with every build, so browsers revalidate them by ETag.
 */
export function cacheControl(urlPath: string, file: string): string {
  if (urlPath.startsWith('/_astro/')) return IMMUTABLE;
  if (urlPath.startsWith('/pagefind/')) return /\.pf_\w+$/.test(urlPath) ? IMMUTABLE : REVALIDATE;
  if (/\.(html|xml|txt|json)$/.test(file)) return REVALIDATE;
  return SHORT;
}

/** The encodings a client accepts that we precompress, best first. */
function acceptedEncodings(header: string | undefined): Array<'br' | 'gzip'> {
  if (!header) return [];
  const accepted: Array<'br' | 'gzip'> = [];
  const parts = header
    .toLowerCase()
    .split(',')
    .map((part) => part.trim());
  const allows = (name: string) => parts.some((part) => part.startsWith(name) && !/;\s*q=0(\.0*)?$/.test(part));
  if (allows('br')) accepted.push('br');
  if (allows('gzip')) accepted.push('gzip');
  return accepted;
}

async function statFile(path: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the static help center: directory index pages, precompressed `.br`/`.gz` variants chosen by
 * Accept-Encoding, ETag revalidation (304), long-lived caching for hashed assets, and the locale's
 * 404 page for anything missing. Requests it can't answer from the build fall through to `next()`.
 */
export function serveBuild(options: ServeBuildOptions): MiddlewareHandler {
  const root = resolvePath(options.root);
  const localePrefixes = options.localePrefixes ?? [];

  const resolve = async (urlPath: string): Promise<{ file: string; stats: Stats } | { redirect: string } | undefined> => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0')) return undefined;
    const file = resolvePath(join(root, decoded));
    if (file !== root && !file.startsWith(root + sep)) return undefined; // `..` climbing out of the build
    if (decoded.endsWith('/')) {
      const index = join(file, 'index.html');
      const stats = await statFile(index);
      return stats ? { file: index, stats } : undefined;
    }
    const stats = await statFile(file);
    if (stats) return { file, stats };
    // `/articles/x` is `/articles/x/`: one canonical URL per page.
    if (!/\.[a-z0-9]+$/i.test(decoded) && (await statFile(join(file, 'index.html')))) return { redirect: `${urlPath}/` };
    return undefined;
  };

  const send = async (c: Context, file: string, stats: Stats, urlPath: string, status: 200 | 404) => {
    const headers = new Headers({
      'Content-Type': contentType(file),
      'Cache-Control': status === 404 ? REVALIDATE : cacheControl(urlPath, file),
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    });
    let body = { file, stats };
    let encoding = '';
    for (const candidate of acceptedEncodings(c.req.header('Accept-Encoding'))) {
      const variant = `${file}.${candidate === 'br' ? 'br' : 'gz'}`;
      const variantStats = await statFile(variant);
      if (variantStats) {
        body = { file: variant, stats: variantStats };
        encoding = candidate;
        break;
      }
    }
    if (encoding) headers.set('Content-Encoding', encoding);
    const etag = `"${stats.size.toString(36)}-${Math.trunc(stats.mtimeMs).toString(36)}${encoding ? `-${encoding}` : ''}"`;
    headers.set('ETag', etag);
    headers.set('Last-Modified', stats.mtime.toUTCString());
    headers.set('Content-Length', String(body.stats.size));

    const ifNoneMatch = c.req.header('If-None-Match');
    if (status === 200 && ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      headers.delete('Content-Length');
      return new Response(null, { status: 304, headers });
    }
    if (c.req.method === 'HEAD') return new Response(null, { status, headers });
    if (body.stats.size <= STREAM_THRESHOLD) {
      return new Response(await readFile(body.file), { status, headers });
    }
    const stream = Readable.toWeb(createReadStream(body.file)) as ReadableStream<Uint8Array>;
    return new Response(stream, { status, headers });
  };

  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const urlPath = c.req.path;
    const found = await resolve(urlPath);
    if (found && 'redirect' in found) {
      const query = new URL(c.req.url).search;
      return c.redirect(`${found.redirect}${query}`, 301);
    }
    if (found) return send(c, found.file, found.stats, urlPath, 200);
    await next();
    if (c.res.status !== 404 || c.res.headers.get('Content-Type')?.startsWith('application/json')) return;
    // Nothing else answered: the reader gets the help center's own 404 page, in their locale.
    const locale = localePrefixes.find((prefix) => urlPath === `/${prefix}` || urlPath.startsWith(`/${prefix}/`));
    const notFoundFile = locale ? join(root, locale, '404', 'index.html') : join(root, '404.html');
    const stats = await statFile(notFoundFile);
    if (stats) c.res = await send(c, notFoundFile, stats, urlPath, 404);
  };
}
