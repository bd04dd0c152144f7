import type { Context, MiddlewareHandler } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { Agent, AgentSession, Database } from '../../db/schema';
import { isHttpsRequest } from '../http/client-address';
import { SESSION_COOKIE, validateSessionToken } from './sessions';

/** What an authenticated request carries: the agent and the session it came with. */
export interface AgentVariables {
  agent: Agent;
  session: AgentSession;
}

/** The API's request variables: the request id everywhere; the agent and session on authenticated routes. */
export type ApiEnv = { Variables: RequestIdVariables & AgentVariables };

const isHttps = (c: Context, trustProxy: boolean) => isHttpsRequest(c.req.url, c.req.header('X-Forwarded-Proto'), trustProxy);

/** Sets the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure behind https, until the session expires. */
export function setSessionCookie(c: Context, token: string, expiresAt: number, trustProxy: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c, trustProxy),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context, trustProxy: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure: isHttps(c, trustProxy) });
}

/**
 * Lets a request through only with a valid session cookie (401 otherwise), and makes its agent and session
 * available to the route. A session whose expiry slid forward gets its cookie sent again.
 */
export function requireAgent(deps: { db: Kysely<Database>; clock: () => Date; trustProxy: boolean }): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const now = deps.clock().getTime();
    const valid = token ? await validateSessionToken(deps.db, token, now) : undefined;
    if (!valid || !token) {
      if (token) clearSessionCookie(c, deps.trustProxy);
      return c.json({ error: 'unauthenticated', message: 'Sign in to continue.' }, 401);
    }
    if (valid.refreshed) setSessionCookie(c, token, valid.session.expires_at, deps.trustProxy);
    c.set('agent', valid.agent);
    c.set('session', valid.session);
    await next();
  };
}

/** Admin-only routes answer 403 to agents. Runs after requireAgent. */
export function requireAdmin(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.get('agent').role !== 'admin') {
      return c.json({ error: 'forbidden', message: 'Only an admin can do this.' }, 403);
    }
    await next();
  };
}
