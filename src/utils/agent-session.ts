import type { AstroCookies } from 'astro';
import { SESSION_COOKIE, validateSessionToken, type ValidSession } from '../../api/auth/sessions';
import { forwardedClientAddress } from '../../api/http/client-address';
import type { PageServices } from '../../api/on-demand';
import { clearSessionCookieNamed, setSessionCookieNamed } from './session-cookie';

/** The parts of `Astro` the agent pages' session handling needs. */
export interface PageContext {
  cookies: AstroCookies;
  request: Request;
  url: URL;
  clientAddress: string;
  locals: { docket: PageServices };
}

/** The signed-in agent of a page request, or undefined. A session whose expiry slid gets its cookie again. */
export async function currentAgent(page: PageContext): Promise<ValidSession | undefined> {
  const token = page.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return undefined;
  const { db, clock } = page.locals.docket;
  const valid = await validateSessionToken(db, token, clock().getTime());
  if (!valid) {
    clearSessionCookie(page);
    return undefined;
  }
  if (valid.refreshed) setSessionCookie(page, token, valid.session.expires_at);
  return valid;
}

/** Where an agent who isn't signed in is sent: the sign-in page, coming back here afterwards. */
export function signInUrl(page: PageContext): string {
  return `/agent/login?next=${encodeURIComponent(page.url.pathname + page.url.search)}`;
}

/** Only same-site paths under /agent may be a `next` target, so the sign-in form can't redirect elsewhere. */
export function safeNext(next: string | null): string {
  return next && /^\/agent(?:[/?#]|$)/.test(next) && !next.startsWith('//') ? next : '/agent';
}

/** The agent's session cookie (the same one the API sets). */
export function setSessionCookie(page: PageContext, token: string, expiresAt: number): void {
  setSessionCookieNamed(page, SESSION_COOKIE, token, expiresAt);
}

export function clearSessionCookie(page: PageContext): void {
  clearSessionCookieNamed(page, SESSION_COOKIE);
}

/** The client's address for sign-in throttling: the socket's, or X-Forwarded-For behind a trusted proxy. */
export function clientAddressOf(page: PageContext): string {
  return forwardedClientAddress(page.request.headers.get('X-Forwarded-For'), page.locals.docket.trustProxy, page.clientAddress);
}

/** A form field as a string ('' when missing). */
export function formField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The first message per field of a failed zod parse. */
export function fieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const name = String(issue.path[0] ?? '');
    errors[name] ??= issue.message;
  }
  return errors;
}
