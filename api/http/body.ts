import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Reads a request body of at most `maxSize` bytes once, before any route sees it, and answers `onTooLarge`
 * for a bigger one: from a declared `Content-Length` without reading a byte, else as soon as the bytes
 * read pass the limit.
 *
 * On Node the body is read straight from the socket into the request's body cache, where `c.req.json()`,
 * `c.req.parseBody()` and the validators find it. Going through a web `Request` instead (as Hono's own
 * `bodyLimit` does) costs a web stream per request: a third of the time of a small JSON post. Elsewhere
 * (tests calling `app.request()`) Hono's `bodyLimit` does the same job.
 */
export function readBody(options: { maxSize: number; onTooLarge: (c: Context) => Response }): MiddlewareHandler {
  const fallback = bodyLimit({ maxSize: options.maxSize, onError: options.onTooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    if (!incoming) return fallback(c, next);

    const declared = Number(incoming.headers['content-length'] ?? Number.NaN);
    if (declared > options.maxSize) return options.onTooLarge(c);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > options.maxSize) return options.onTooLarge(c);
      chunks.push(chunk);
    }
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
    // `json()`, `text()` and `parseBody()` all start from the cached text. Hono keeps promises in this
    // cache (its type says values).
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    return next();
  };
}
