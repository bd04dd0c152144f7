import type { Context, MiddlewareHandler } from 'hono';

/**
 * Whether a state-changing request comes from our own pages: the browser's `Sec-Fetch-Site`, or else its
 * `Origin`, must name this host. A request with neither is refused too: every browser sends one of them on
 * a POST, and scripts and integrations can send `Origin` themselves.
 */
export function isSameOrigin(c: Context): boolean {
  const site = c.req.header('Sec-Fetch-Site');
  if (site) return site === 'same-origin';
  const origin = c.req.header('Origin');
  if (!origin) return false;
  try {
    return new URL(origin).host === c.req.header('Host');
  } catch {
    return false;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses cross-site state changes (CSRF) with 403; reads pass. */
export function sameOriginOnly(): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && !isSameOrigin(c)) {
      return c.json(
        {
          error: 'cross_site_request',
          message: 'This request came from another site. Send it from Docket itself, or with an Origin header naming this host.',
        },
        403,
      );
    }
    await next();
  };
}
