import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addCustomerReply,
  createTicket,
  customerConversation,
  findTicketByKey,
  markSolvedByCustomer,
  TicketConflictError,
} from '../../api/services/tickets';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

let db: Kysely<Database>;
const now = new Date('2026-11-27T10:00:00Z');
const later = new Date('2026-11-27T11:00:00Z');
const request = {
  name: 'Ada Lovelace',
  email: 'Ada@Example.com ',
  subject: 'Invoice PDF is blank',
  message: 'When I download invoice #42 the PDF has no pages.',
  category: 'invoices',
  locale: 'en',
  channel: 'web' as const,
};

beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.destroy();
});

describe('opening a ticket', () => {
  it('stores the customer, ticket, first message, key hash and an audit event together', async () => {
    const { ticket, key } = await createTicket(db, now, request);
    expect(ticket).toMatchObject({ subject: 'Invoice PDF is blank', status: 'new', priority: 'normal', channel: 'web' });
    expect(key.length).toBeGreaterThanOrEqual(27); // 160 bits of base64url

    const customer = await db.selectFrom('customers').selectAll().executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    const messages = await db.selectFrom('messages').selectAll().execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ body: request.message, author_kind: 'customer', internal: 0 });
    const keys = await db.selectFrom('ticket_keys').selectAll().execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]?.key_hash).not.toContain(key);
    expect(keys[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    const events = await db.selectFrom('ticket_events').selectAll().execute();
    expect(events.map((event) => event.type)).toEqual(['created']);
  });

  it('writes nothing at all when any part of the ticket cannot be stored', async () => {
    await expect(createTicket(db, now, { ...request, channel: 'fax' as never })).rejects.toThrow();
    for (const table of ['customers', 'tickets', 'messages', 'ticket_keys', 'ticket_events'] as const) {
      const rows = await db.selectFrom(table).selectAll().execute();
      expect(rows, table).toHaveLength(0);
    }
  });

  it('recognises a returning customer by email, whatever its case', async () => {
    await createTicket(db, now, request);
    await createTicket(db, later, { ...request, email: 'ada@example.com', name: 'Ada King' });
    const customers = await db.selectFrom('customers').selectAll().execute();
    expect(customers).toHaveLength(1);
    expect(customers[0]?.name).toBe('Ada King');
  });
});

describe('the status link', () => {
  it('opens the ticket with its key, and not with a wrong key or for another ticket', async () => {
    const first = await createTicket(db, now, request);
    const second = await createTicket(db, now, { ...request, email: 'grace@example.com' });
    expect((await findTicketByKey(db, first.ticket.id, first.key))?.id).toBe(first.ticket.id);
    expect(await findTicketByKey(db, first.ticket.id, second.key)).toBeUndefined();
    expect(await findTicketByKey(db, first.ticket.id, `${first.key}x`)).toBeUndefined();
    expect(await findTicketByKey(db, 999_999, first.key)).toBeUndefined();
    expect(await findTicketByKey(db, first.ticket.id, '')).toBeUndefined();
  });
});

describe('customer replies and solving', () => {
  it('a reply reopens a solved ticket and joins the conversation', async () => {
    const { ticket } = await createTicket(db, now, request);
    const solved = await markSolvedByCustomer(db, now, ticket);
    expect(solved.status).toBe('solved');
    expect(solved.solved_at).toBe(now.getTime());

    const reopened = await addCustomerReply(db, later, solved, 'Sorry, it happens again.');
    expect(reopened).toMatchObject({ status: 'open', solved_at: null, last_message_author: 'customer' });
    const conversation = await customerConversation(db, reopened);
    expect(conversation.map((message) => message.body)).toEqual([request.message, 'Sorry, it happens again.']);
    const events = await db.selectFrom('ticket_events').select('type').orderBy('id').execute();
    expect(events.map((event) => event.type)).toEqual(['created', 'status_changed', 'status_changed']);
  });

  it('never shows internal notes in the customer conversation', async () => {
    const { ticket } = await createTicket(db, now, request);
    await db
      .insertInto('messages')
      .values({
        ticket_id: ticket.id,
        author_kind: 'agent',
        author_customer_id: null,
        author_agent_id: null,
        body: 'Looks like a PDF renderer bug',
        internal: 1,
        created_at: later.getTime(),
      })
      .execute();
    const conversation = await customerConversation(db, ticket);
    expect(conversation.map((message) => message.body)).not.toContain('Looks like a PDF renderer bug');
  });

  it('refuses a reply to a closed ticket with a reason', async () => {
    const { ticket } = await createTicket(db, now, request);
    const closed = await db
      .updateTable('tickets')
      .set({ status: 'closed' })
      .where('id', '=', ticket.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await expect(addCustomerReply(db, later, closed, 'Hello?')).rejects.toBeInstanceOf(TicketConflictError);
    const messages = await db.selectFrom('messages').selectAll().execute();
    expect(messages).toHaveLength(1);
  });
});
