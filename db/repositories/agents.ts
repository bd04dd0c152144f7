import type { Kysely, Transaction } from 'kysely';
import type { Agent, AgentUpdate, Database, NewAgent } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertAgent(db: Db, agent: NewAgent): Promise<Agent> {
  return db.insertInto('agents').values(agent).returningAll().executeTakeFirstOrThrow();
}

export async function findAgentById(db: Db, id: number): Promise<Agent | undefined> {
  return db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Emails are stored lowercased; look them up the same way. */
export async function findAgentByEmail(db: Db, email: string): Promise<Agent | undefined> {
  return db.selectFrom('agents').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function listAgents(db: Db): Promise<Agent[]> {
  return db
    .selectFrom('agents')
    .selectAll()
    .orderBy((eb) => eb.fn('lower', ['name']))
    .orderBy('id')
    .execute();
}

export async function updateAgent(db: Db, id: number, changes: AgentUpdate): Promise<Agent> {
  return db.updateTable('agents').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Admins who can still sign in: while there are none, the server offers the first-run setup link. */
export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('agents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
