import type { Context } from 'hono';

/**
 * The address a request came from, for rate limits and sign-in throttling: the socket's peer, or, behind a
 * reverse proxy that the operator trusts (`TRUST_PROXY=1`), the first address of `X-Forwarded-For`.
 */
export function forwardedClientAddress(
  forwardedFor: string | null | undefined,
  trustProxy: boolean,
  socketAddress: string,
): string {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return socketAddress;
}

/** Whether the client reached us over https: directly, or through a proxy the operator trusts that says so. */
export function isHttpsRequest(url: string | URL, forwardedProto: string | null | undefined, trustProxy: boolean): boolean {
  if (new URL(url).protocol === 'https:') return true;
  return trustProxy && forwardedProto?.split(',')[0]?.trim() === 'https';
}

/** `forwardedClientAddress` for a Hono request on Node. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return forwardedClientAddress(c.req.header('X-Forwarded-For'), trustProxy, incoming?.socket?.remoteAddress ?? 'unknown');
}
