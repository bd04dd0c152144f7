import type { Kysely, Transaction } from 'kysely';
import type { Agent, AgentSession, Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertSession(db: Db, session: AgentSession): Promise<void> {
  await db.insertInto('agent_sessions').values(session).execute();
}

/** A session and its agent in one query: every authenticated request makes it. */
export async function findSessionWithAgent(db: Db, id: string): Promise<{ session: AgentSession; agent: Agent } | undefined> {
  const row = await db
    .selectFrom('agent_sessions as s')
    .innerJoin('agents as a', 'a.id', 's.agent_id')
    .select([
      's.id as session_id',
      's.agent_id',
      's.secret_hash',
      's.created_at as session_created_at',
      's.expires_at',
      's.refreshed_at',
      's.user_agent',
      'a.name',
      'a.email',
      'a.role',
      'a.disabled',
      'a.password_hash',
      'a.created_at',
      'a.updated_at',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    session: {
      id: row.session_id,
      agent_id: row.agent_id,
      secret_hash: row.secret_hash,
      created_at: row.session_created_at,
      expires_at: row.expires_at,
      refreshed_at: row.refreshed_at,
      user_agent: row.user_agent,
    },
    agent: {
      id: row.agent_id,
      name: row.name,
      email: row.email,
      role: row.role,
      disabled: row.disabled,
      password_hash: row.password_hash,
      created_at: row.created_at,
      updated_at: row.updated_at,
    },
  };
}

export async function extendSession(db: Db, id: string, expiresAt: number, refreshedAt: number): Promise<void> {
  await db.updateTable('agent_sessions').set({ expires_at: expiresAt, refreshed_at: refreshedAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('agent_sessions').where('id', '=', id).execute();
}

/** Signs an agent out everywhere, or everywhere but one session (after a password change). */
export async function deleteAgentSessions(db: Db, agentId: number, exceptId?: string): Promise<void> {
  let query = db.deleteFrom('agent_sessions').where('agent_id', '=', agentId);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  await query.execute();
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('agent_sessions').where('expires_at', '<=', now).execute();
}
