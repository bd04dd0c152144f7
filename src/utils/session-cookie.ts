import type { AstroCookies } from 'astro';
import { isHttpsRequest } from '../../api/http/client-address';
import type { PageServices } from '../../api/on-demand';

/** The parts of `Astro` a session cookie needs. */
export interface CookiePageContext {
  cookies: AstroCookies;
  request: Request;
  url: URL;
  locals: { docket: PageServices };
}

const isHttps = (page: CookiePageContext) =>
  isHttpsRequest(page.url, page.request.headers.get('X-Forwarded-Proto'), page.locals.docket.trustProxy);

/**
 * A session cookie as the API sets them, for agents and customers alike: HttpOnly, SameSite=Lax, Path=/,
 * Secure behind https, until the session ends.
 */
export function setSessionCookieNamed(page: CookiePageContext, name: string, token: string, expiresAt: number): void {
  page.cookies.set(name, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isHttps(page),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookieNamed(page: CookiePageContext, name: string): void {
  page.cookies.delete(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(page) });
}
