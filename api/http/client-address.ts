import type { Context } from 'hono';

/**
 * The address a request came from, for rate limits: the socket's peer, or, behind a reverse proxy that
 * the operator trusts (`TRUST_PROXY=1`), the first address of `X-Forwarded-For`.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
