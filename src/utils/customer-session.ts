import type { AstroCookies } from 'astro';
import { CUSTOMER_SESSION_COOKIE, validateCustomerSession, type CustomerSession } from '../../api/services/customer-links';
import { isHttpsRequest } from '../../api/http/client-address';
import type { PageServices } from '../../api/on-demand';

/** The parts of `Astro` the customer pages' session handling needs. */
export interface CustomerPageContext {
  cookies: AstroCookies;
  request: Request;
  url: URL;
  locals: { docket: PageServices };
}

/** The customer whose "your tickets" link this browser used, while that session lasts; else undefined. */
export async function currentCustomer(page: CustomerPageContext): Promise<CustomerSession | undefined> {
  const token = page.cookies.get(CUSTOMER_SESSION_COOKIE)?.value;
  if (!token) return undefined;
  const { db, clock } = page.locals.docket;
  const session = await validateCustomerSession(db, token, clock());
  if (!session) clearCustomerCookie(page);
  return session;
}

const isHttps = (page: CustomerPageContext) =>
  isHttpsRequest(page.url, page.request.headers.get('X-Forwarded-Proto'), page.locals.docket.trustProxy);

/** The same kind of cookie as agents get: HttpOnly, SameSite=Lax, Path=/, Secure behind https, until the session ends. */
export function setCustomerCookie(page: CustomerPageContext, token: string, expiresAt: number): void {
  page.cookies.set(CUSTOMER_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isHttps(page),
    expires: new Date(expiresAt),
  });
}

export function clearCustomerCookie(page: CustomerPageContext): void {
  page.cookies.delete(CUSTOMER_SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(page) });
}
