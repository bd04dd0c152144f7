import type { Kysely } from 'kysely';
import { countActiveAdmins, findAgentByEmail, findAgentById, insertAgent, updateAgent } from '../../db/repositories/agents';
import type { Agent, AgentSession, Database } from '../../db/schema';
import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { createSession, invalidateAgentSessions, invalidateSession } from '../auth/sessions';
import { redeemSetupToken } from '../auth/setup';
import { assertSignInAllowed, clearFailedSignIns, recordFailedSignIn } from '../auth/throttle';

export type AgentRole = Agent['role'];

/** An agent as the API shows it: never the password hash. */
export interface AgentProfile {
  id: number;
  name: string;
  email: string;
  role: AgentRole;
  disabled: boolean;
}

export function toProfile(agent: Agent): AgentProfile {
  return { id: agent.id, name: agent.name, email: agent.email, role: agent.role, disabled: agent.disabled === 1 };
}

/** A sign-in, setup or account change that can't go ahead; `code` is the API's error code. */
export class AgentAccountError extends Error {
  constructor(
    readonly code: 'invalid_credentials' | 'email_taken' | 'setup_unavailable' | 'last_admin' | 'wrong_password' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface NewAgentInput {
  name: string;
  email: string;
  role: AgentRole;
  password: string;
}

export interface SignedIn {
  agent: Agent;
  session: AgentSession;
  token: string;
}

/** Adds an agent (by an admin, the shell command, or first-run setup). Emails are unique, case-insensitively. */
export async function createAgent(db: Kysely<Database>, input: NewAgentInput, now: number): Promise<Agent> {
  const email = input.email.trim().toLowerCase();
  if (await findAgentByEmail(db, email)) {
    throw new AgentAccountError('email_taken', `An agent with the email ${email} already exists.`);
  }
  const passwordHash = await hashPassword(input.password);
  return insertAgent(db, {
    name: input.name.trim(),
    email,
    role: input.role,
    disabled: 0,
    password_hash: passwordHash,
    created_at: now,
    updated_at: now,
  });
}

/**
 * Checks an email and password and starts a session. Throttled per account and per address before the
 * password is even looked at; an unknown email costs the same hash as a wrong password, and both get the
 * same answer, so sign-in doesn't tell who is an agent. A disabled agent can't sign in.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; address: string; userAgent: string | null },
  now: number,
): Promise<SignedIn> {
  await assertSignInAllowed(db, input.email, input.address, now);
  const agent = await findAgentByEmail(db, input.email);
  const passwordHash = agent?.password_hash ?? (await decoyHash());
  const matches = await verifyPassword(passwordHash, input.password);
  if (!agent || !matches || agent.disabled === 1 || agent.password_hash === null) {
    await recordFailedSignIn(db, input.email, input.address, now);
    throw new AgentAccountError('invalid_credentials', 'That email and password don’t match an active agent account.');
  }
  await clearFailedSignIns(db, input.email);
  const { token, session } = await createSession(db, agent.id, now, input.userAgent);
  return { agent, session, token };
}

/** The first admin, created through the one-time link printed at first start; signed in at once. */
export async function setUpFirstAdmin(
  db: Kysely<Database>,
  input: { token: string; name: string; email: string; password: string; userAgent: string | null },
  now: number,
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  const agent = await db.transaction().execute(async (trx) => {
    if (!(await redeemSetupToken(trx, input.token, now))) {
      throw new AgentAccountError(
        'setup_unavailable',
        'This setup link has expired or was already used. Restart Docket for a new one, or sign in.',
      );
    }
    const email = input.email.trim().toLowerCase();
    if (await findAgentByEmail(trx, email)) {
      throw new AgentAccountError('email_taken', `An agent with the email ${email} already exists.`);
    }
    return insertAgent(trx, {
      name: input.name.trim(),
      email,
      role: 'admin',
      disabled: 0,
      password_hash: passwordHash,
      created_at: now,
      updated_at: now,
    });
  });
  const { token, session } = await createSession(db, agent.id, now, input.userAgent);
  return { agent, session, token };
}

/**
 * Changes an agent's own password after checking the current one. Every other session ends, and the one in
 * use is replaced by a new one, so a session token stolen before the change is worthless after it.
 */
export async function changePassword(
  db: Kysely<Database>,
  input: { agent: Agent; sessionId: string; currentPassword: string; newPassword: string; userAgent: string | null },
  now: number,
): Promise<SignedIn> {
  const current = await findAgentById(db, input.agent.id);
  if (!current?.password_hash || !(await verifyPassword(current.password_hash, input.currentPassword))) {
    throw new AgentAccountError('wrong_password', 'Your current password is not right.');
  }
  const agent = await updateAgent(db, current.id, { password_hash: await hashPassword(input.newPassword), updated_at: now });
  await invalidateAgentSessions(db, agent.id);
  const { token, session } = await createSession(db, agent.id, now, input.userAgent);
  return { agent, session, token };
}

/** Signs out the session in use. */
export function signOut(db: Kysely<Database>, sessionId: string): Promise<void> {
  return invalidateSession(db, sessionId);
}

/** "Sign out everywhere": every session of this agent, the current one included. */
export function signOutEverywhere(db: Kysely<Database>, agentId: number): Promise<void> {
  return invalidateAgentSessions(db, agentId);
}

/**
 * An admin's change to an agent: name, role, disabled. Disabling ends the agent's sessions at once. The
 * last active admin can be neither demoted nor disabled, or nobody could manage the team any more.
 */
export async function updateAgentAccount(
  db: Kysely<Database>,
  id: number,
  changes: { name?: string; role?: AgentRole; disabled?: boolean },
  now: number,
): Promise<Agent> {
  return db.transaction().execute(async (trx) => {
    const agent = await findAgentById(trx, id);
    if (!agent) throw new AgentAccountError('not_found', `There is no agent ${id}.`);
    const losesAdmin = agent.role === 'admin' && agent.disabled === 0 && (changes.role === 'agent' || changes.disabled === true);
    if (losesAdmin && (await countActiveAdmins(trx)) <= 1) {
      throw new AgentAccountError('last_admin', 'This is the only active admin: make another agent an admin first.');
    }
    const updated = await updateAgent(trx, id, {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
      updated_at: now,
    });
    if (changes.disabled === true) await invalidateAgentSessions(trx, id);
    return updated;
  });
}
