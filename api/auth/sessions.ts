import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import {
  deleteAgentSessions,
  deleteSession,
  extendSession,
  findSessionWithAgent,
  insertSession,
} from '../../db/repositories/sessions';
import type { Agent, AgentSession, Database } from '../../db/schema';
import { generateSecret, hashesEqual, hashSecret } from './secrets';

/** A session that isn't used for this long ends; each use pushes the end back. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** The sliding expiry is written at most this often, so a busy agent's requests don't each write. */
export const SESSION_REFRESH_MS = 60 * 60 * 1000;
/** The cookie that carries the session token. */
export const SESSION_COOKIE = 'docket_session';

export interface ValidSession {
  session: AgentSession;
  agent: Agent;
  /** True when this request moved the expiry: the cookie should be sent again with the new date. */
  refreshed: boolean;
}

/**
 * Starts a session for an agent (the Lucia project's current guidance): the token is `<id>.<secret>`,
 * the id a lookup key, the secret 160 random bits of which only the SHA-256 is stored. A fresh id on
 * every sign-in means no session id chosen before sign-in (session fixation) survives it.
 */
export async function createSession(
  db: Kysely<Database>,
  agentId: number,
  now: number,
  userAgent: string | null,
): Promise<{ token: string; session: AgentSession }> {
  const id = randomBytes(15).toString('base64url');
  const secret = generateSecret();
  const session: AgentSession = {
    id,
    agent_id: agentId,
    secret_hash: hashSecret(secret),
    created_at: now,
    expires_at: now + SESSION_TTL_MS,
    refreshed_at: now,
    user_agent: userAgent ? userAgent.slice(0, 300) : null,
  };
  await insertSession(db, session);
  return { token: `${id}.${secret}`, session };
}

/**
 * The session a token opens, or undefined: unknown id, wrong secret (compared in constant time), expired,
 * or an agent who has been disabled since (their sessions stop working at once, and are removed).
 */
export async function validateSessionToken(db: Kysely<Database>, token: string, now: number): Promise<ValidSession | undefined> {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 200) return undefined;
  const id = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  const found = await findSessionWithAgent(db, id);
  if (!found || !hashesEqual(found.session.secret_hash, hashSecret(secret))) return undefined;
  if (found.session.expires_at <= now || found.agent.disabled === 1) {
    await deleteSession(db, id);
    return undefined;
  }
  if (now - found.session.refreshed_at < SESSION_REFRESH_MS) return { ...found, refreshed: false };
  const session = { ...found.session, expires_at: now + SESSION_TTL_MS, refreshed_at: now };
  await extendSession(db, id, session.expires_at, session.refreshed_at);
  return { session, agent: found.agent, refreshed: true };
}

export function invalidateSession(db: Kysely<Database>, id: string): Promise<void> {
  return deleteSession(db, id);
}

/** "Sign out everywhere": every session of the agent, or all but the one still in use. */
export function invalidateAgentSessions(
  db: Kysely<Database> | Transaction<Database>,
  agentId: number,
  exceptId?: string,
): Promise<void> {
  return deleteAgentSessions(db, agentId, exceptId);
}
