import type { Kysely, Transaction } from 'kysely';
import type { Database, Message, NewMessage, NewTicket, NewTicketEvent, Ticket, TicketUpdate } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertTicket(db: Db, ticket: NewTicket): Promise<Ticket> {
  return db.insertInto('tickets').values(ticket).returningAll().executeTakeFirstOrThrow();
}

export async function findTicketById(db: Db, id: number): Promise<Ticket | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateTicket(db: Db, id: number, changes: TicketUpdate): Promise<Ticket> {
  return db.updateTable('tickets').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertTicketKey(db: Db, ticketId: number, keyHash: string, now: number): Promise<void> {
  await db.insertInto('ticket_keys').values({ ticket_id: ticketId, key_hash: keyHash, created_at: now }).execute();
}

/** The hashes of every key that opens a ticket's status page. */
export async function findTicketKeyHashes(db: Db, ticketId: number): Promise<string[]> {
  const rows = await db.selectFrom('ticket_keys').select('key_hash').where('ticket_id', '=', ticketId).execute();
  return rows.map((row) => row.key_hash);
}

export async function insertMessage(db: Db, message: NewMessage): Promise<Message> {
  return db.insertInto('messages').values(message).returningAll().executeTakeFirstOrThrow();
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
  await db.insertInto('ticket_events').values(event).execute();
}
