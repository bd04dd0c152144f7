import type { Kysely, Transaction } from 'kysely';
import { upsertCustomer } from '../../db/repositories/customers';
import {
  findTicketById,
  findTicketKeyHashes,
  insertMessage,
  insertTicket,
  insertTicketEvent,
  insertTicketKey,
  listPublicMessages,
  updateTicket,
} from '../../db/repositories/tickets';
import { inCommitGroup } from '../../db/commit-group';
import type { Database, Message, Ticket, TicketChannel, TicketStatus } from '../../db/schema';
import { generateSecret, hashesEqual, hashSecret } from '../auth/secrets';
import { AFTER_CUSTOMER_REPLY } from './lifecycle';
import type { MailConfig } from '../mail/config';
import { enqueueNotification } from '../mail/outbox';

/** What a customer gives to open a ticket, already validated at the edge. */
export interface NewTicketRequest {
  name: string;
  email: string;
  subject: string;
  message: string;
  category: string | null;
  locale: string;
  channel: TicketChannel;
  /** What the audit trail says the ticket came from, beyond its channel (`{ followUpOf: 42 }`). */
  createdFrom?: Record<string, number | string>;
}

/** A ticket-level rule broken by the request (a reply to a closed ticket): the route answers 409. */
export class TicketConflictError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * Opens a ticket: customer, ticket, first message, status-page key and audit event in one transaction,
 * so a ticket that was acknowledged is whole on disk. The key is returned once; only its hash is kept.
 */
export async function createTicket(
  db: Kysely<Database>,
  now: Date,
  request: NewTicketRequest,
  /** With email on, the "we received it" email is written in the same transaction. */
  mail?: MailConfig,
): Promise<{ ticket: Ticket; key: string }> {
  const at = now.getTime();
  // Tickets opened at the same moment share one commit (and one fsync); each 201 still waits for it.
  return inCommitGroup(db, async (trx) => {
    const opened = await insertNewTicket(trx, request, at);
    if (mail) await enqueueNotification(trx, mail, { kind: 'ticket_received', ticket: opened.ticket }, at);
    return { ticket: opened.ticket, key: opened.key };
  });
}

/**
 * The writes that open a ticket, inside the caller's transaction: customer, ticket, first message, a status
 * key and the audit event. Email uses it with writes of its own (attachments, the mailbox log).
 */
export async function insertNewTicket(
  trx: Transaction<Database>,
  request: NewTicketRequest,
  at: number,
): Promise<{ ticket: Ticket; message: Message; key: string }> {
  const key = generateSecret();
  const customer = await upsertCustomer(trx, { email: request.email, name: request.name }, at);
  const ticket = await insertTicket(trx, {
    subject: request.subject,
    status: 'new',
    priority: 'normal',
    category: request.category,
    channel: request.channel,
    locale: request.locale,
    customer_id: customer.id,
    assignee_id: null,
    created_at: at,
    updated_at: at,
    first_response_at: null,
    solved_at: null,
    last_message_at: at,
    last_message_author: 'customer',
  });
  const message = await insertMessage(trx, {
    ticket_id: ticket.id,
    author_kind: 'customer',
    author_customer_id: customer.id,
    author_agent_id: null,
    body: request.message,
    internal: 0,
    created_at: at,
  });
  await insertTicketKey(trx, ticket.id, hashSecret(key), at);
  await insertTicketEvent(trx, {
    ticket_id: ticket.id,
    actor_kind: 'customer',
    actor_id: customer.id,
    type: 'created',
    data: JSON.stringify({ channel: request.channel, ...request.createdFrom }),
    created_at: at,
  });
  return { ticket, message, key };
}

/**
 * The ticket a status-page link opens, or undefined. A wrong key and a missing ticket look the same,
 * so nobody can learn which ticket numbers exist; keys are compared in constant time.
 */
export async function findTicketByKey(db: Kysely<Database>, id: number, key: string): Promise<Ticket | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0 || key.length === 0 || key.length > 128) return undefined;
  const ticket = await findTicketById(db, id);
  const hashes = ticket ? await findTicketKeyHashes(db, id) : [];
  const candidate = hashSecret(key);
  let matched = false;
  for (const hash of hashes) matched = hashesEqual(hash, candidate) || matched;
  return matched ? ticket : undefined;
}

/** The public conversation of a ticket: what the customer may see. */
export function customerConversation(db: Kysely<Database>, ticket: Ticket): Promise<Message[]> {
  return listPublicMessages(db, ticket.id);
}

/** Adds a customer's reply from the status page; a reply to a solved ticket reopens it. */
export async function addCustomerReply(db: Kysely<Database>, now: Date, ticket: Ticket, body: string): Promise<Ticket> {
  return db.transaction().execute(async (trx) => (await insertCustomerMessage(trx, ticket, body, now.getTime())).ticket);
}

/**
 * A customer's message on a ticket, inside the caller's transaction: a reply to a solved ticket reopens it;
 * a closed ticket takes no more (TicketConflictError). `authorId` is someone else the customer copied in.
 */
export async function insertCustomerMessage(
  trx: Transaction<Database>,
  ticket: Ticket,
  body: string,
  at: number,
  authorId: number = ticket.customer_id,
): Promise<{ ticket: Ticket; message: Message }> {
  const next = AFTER_CUSTOMER_REPLY[ticket.status];
  if (next === null) {
    throw new TicketConflictError('This ticket is closed. Please open a new ticket.', 'ticket_closed');
  }
  const message = await insertMessage(trx, {
    ticket_id: ticket.id,
    author_kind: 'customer',
    author_customer_id: authorId,
    author_agent_id: null,
    body,
    internal: 0,
    created_at: at,
  });
  if (next !== ticket.status) await recordCustomerStatusChange(trx, ticket, next, 'customer_reply', at);
  const updated = await updateTicket(trx, ticket.id, {
    status: next,
    solved_at: next === 'open' ? null : ticket.solved_at,
    updated_at: at,
    last_message_at: at,
    last_message_author: 'customer',
  });
  return { ticket: updated, message };
}

/** The customer says their problem is solved. Solving twice changes nothing. */
export async function markSolvedByCustomer(db: Kysely<Database>, now: Date, ticket: Ticket): Promise<Ticket> {
  if (ticket.status === 'solved') return ticket;
  if (ticket.status === 'closed') {
    throw new TicketConflictError('This ticket is already closed.', 'ticket_closed');
  }
  const at = now.getTime();
  return db.transaction().execute(async (trx) => {
    await recordCustomerStatusChange(trx, ticket, 'solved', 'customer_marked_solved', at);
    return updateTicket(trx, ticket.id, { status: 'solved', solved_at: at, updated_at: at });
  });
}

/** The audit-trail entry for a status change the customer caused. */
function recordCustomerStatusChange(db: Transaction<Database>, ticket: Ticket, to: TicketStatus, reason: string, at: number) {
  return insertTicketEvent(db, {
    ticket_id: ticket.id,
    actor_kind: 'customer',
    actor_id: ticket.customer_id,
    type: 'status_changed',
    data: JSON.stringify({ from: ticket.status, to, reason }),
    created_at: at,
  });
}
