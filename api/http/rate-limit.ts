import type { MiddlewareHandler } from 'hono';

/** The context variable a limited form post carries to its page: seconds until the client may try again. */
export const RATE_LIMITED_FOR = 'rateLimitedFor';

/** How many requests one client may make to a route in a window. */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * Per-client fixed-window limits, kept in this process's memory: enough for one server, and a client that
 * hits it gets 429 with `Retry-After` in seconds. Windows are cleaned up as they expire.
 */
export function rateLimit(
  options: RateLimit & { name: string; clientKey: (c: Parameters<MiddlewareHandler>[0]) => string; now: () => number },
): MiddlewareHandler {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = 0;
  return async (c, next) => {
    const now = options.now();
    if (now >= nextSweep) {
      for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
      nextSweep = now + options.windowMs;
    }
    const key = options.clientKey(c);
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + options.windowMs };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > options.limit) {
      const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
      c.header('Retry-After', String(retryAfter));
      // A page's form post (not the API) goes on to its page, flagged, so the page can answer 429 with
      // everything the customer typed still in the form instead of a bare error.
      if (!c.req.path.startsWith('/api/')) {
        c.set(RATE_LIMITED_FOR, retryAfter);
        return next();
      }
      return c.json(
        { error: 'rate_limited', message: `Too many requests to ${options.name}. Try again in ${retryAfter} seconds.` },
        429,
      );
    }
    await next();
  };
}
