import { CUSTOMER_SESSION_COOKIE, validateCustomerSession, type CustomerSession } from '../../api/services/customer-links';
import { clearSessionCookieNamed, setSessionCookieNamed, type CookiePageContext } from './session-cookie';

/** The parts of `Astro` the customer pages' session handling needs. */
export type CustomerPageContext = CookiePageContext;

/** The customer whose "your tickets" link this browser used, while that session lasts; else undefined. */
export async function currentCustomer(page: CustomerPageContext): Promise<CustomerSession | undefined> {
  const token = page.cookies.get(CUSTOMER_SESSION_COOKIE)?.value;
  if (!token) return undefined;
  const { db, clock } = page.locals.docket;
  const session = await validateCustomerSession(db, token, clock());
  if (!session) clearCustomerCookie(page);
  return session;
}

/** The customer's session cookie: the same kind as agents get, under a name of its own. */
export function setCustomerCookie(page: CustomerPageContext, token: string, expiresAt: number): void {
  setSessionCookieNamed(page, CUSTOMER_SESSION_COOKIE, token, expiresAt);
}

export function clearCustomerCookie(page: CustomerPageContext): void {
  clearSessionCookieNamed(page, CUSTOMER_SESSION_COOKIE);
}
