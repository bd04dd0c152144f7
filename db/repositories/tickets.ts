import type { Kysely, Transaction } from 'kysely';
import { onlyRow, prepareQuery } from '../prepared';
import type { Database, Message, NewMessage, NewTicket, NewTicketEvent, Ticket, TicketUpdate } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

// Opening a ticket runs these on every request (and email); prepared, they skip Kysely's build and compile.
const insertTicketQuery = prepareQuery((db, p: NewTicket) =>
  db
    .insertInto('tickets')
    .values({
      subject: p.subject,
      status: p.status,
      priority: p.priority,
      category: p.category,
      channel: p.channel,
      locale: p.locale,
      customer_id: p.customer_id,
      assignee_id: p.assignee_id,
      created_at: p.created_at,
      updated_at: p.updated_at,
      first_response_at: p.first_response_at,
      solved_at: p.solved_at,
      last_message_at: p.last_message_at,
      last_message_author: p.last_message_author,
    })
    .returningAll(),
);

const insertMessageQuery = prepareQuery((db, p: NewMessage) =>
  db
    .insertInto('messages')
    .values({
      ticket_id: p.ticket_id,
      author_kind: p.author_kind,
      author_customer_id: p.author_customer_id,
      author_agent_id: p.author_agent_id,
      body: p.body,
      internal: p.internal,
      created_at: p.created_at,
    })
    .returningAll(),
);

const insertTicketKeyQuery = prepareQuery((db, p: { ticket_id: number; key_hash: string; created_at: number }) =>
  db.insertInto('ticket_keys').values({ ticket_id: p.ticket_id, key_hash: p.key_hash, created_at: p.created_at }),
);

const insertTicketEventQuery = prepareQuery((db, p: NewTicketEvent) =>
  db.insertInto('ticket_events').values({
    ticket_id: p.ticket_id,
    actor_kind: p.actor_kind,
    actor_id: p.actor_id,
    type: p.type,
    data: p.data,
    created_at: p.created_at,
  }),
);

export async function insertTicket(db: Db, ticket: NewTicket): Promise<Ticket> {
  return onlyRow(await insertTicketQuery(db, ticket), 'Inserting a ticket');
}

export async function findTicketById(db: Db, id: number): Promise<Ticket | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateTicket(db: Db, id: number, changes: TicketUpdate): Promise<Ticket> {
  return db.updateTable('tickets').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertTicketKey(db: Db, ticketId: number, keyHash: string, now: number): Promise<void> {
  await insertTicketKeyQuery(db, { ticket_id: ticketId, key_hash: keyHash, created_at: now });
}

/** The hashes of every key that opens a ticket's status page. */
export async function findTicketKeyHashes(db: Db, ticketId: number): Promise<string[]> {
  const rows = await db.selectFrom('ticket_keys').select('key_hash').where('ticket_id', '=', ticketId).execute();
  return rows.map((row) => row.key_hash);
}

export async function insertMessage(db: Db, message: NewMessage): Promise<Message> {
  // The column's default, which a prepared insert can't fall back on: it always names the column.
  return onlyRow(await insertMessageQuery(db, { ...message, internal: message.internal ?? 0 }), 'Inserting a message');
}

/** The conversation as the customer sees it: everything but internal notes, oldest first. */
export async function listPublicMessages(db: Db, ticketId: number): Promise<Message[]> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('internal', '=', 0)
    .orderBy('id', 'asc')
    .execute();
}

export async function insertTicketEvent(db: Db, event: NewTicketEvent): Promise<void> {
  await insertTicketEventQuery(db, event);
}
