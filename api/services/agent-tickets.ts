import type { Kysely, Transaction } from 'kysely';
import { findAgentById, listAgents } from '../../db/repositories/agents';
import { openTicket, setTicketTags } from '../../db/repositories/queue';
import { findTicketById, insertMessage, insertTicketEvent, updateTicket } from '../../db/repositories/tickets';
import type { Agent, Database, Ticket, TicketPriority, TicketStatus, TicketUpdate } from '../../db/schema';
import { afterAgentReply, agentTransitionProblem } from './lifecycle';
import { TicketConflictError } from './tickets';
import type { SuggestionIndex } from '../deflection';
import type { MailConfig } from '../mail/config';
import { enqueueNotification } from '../mail/outbox';

type Trx = Transaction<Database>;

/** The ticket number names no ticket. */
export class TicketNotFoundError extends Error {
  constructor(readonly ticketId: number) {
    super(`There is no ticket #${ticketId}.`);
  }
}

/** A field of an agent's change that can't be applied (an assignee who doesn't exist): a 400 naming it. */
export class TicketFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an agent may change on a ticket; absent fields stay as they are. */
export interface TicketChanges {
  status?: TicketStatus;
  priority?: TicketPriority;
  /** A help-center category slug, or null for none. */
  category?: string | null;
  /** An agent id, or null to unassign. */
  assignee_id?: number | null;
  tags?: string[];
}

/** An agent's message on a ticket: a public reply the customer sees, or an internal note they never do. */
export interface AgentMessageInput {
  body: string;
  internal: boolean;
  /** "Send and set status": the status the ticket moves to with a public reply. */
  status?: TicketStatus;
}

/**
 * Applies an agent's changes to one ticket inside a transaction, writing one audit event per field that
 * changed (who, what, from, to, when). An illegal status move refuses the whole change with a reason.
 */
async function applyChanges(
  trx: Trx,
  agent: Agent,
  ticket: Ticket,
  changes: TicketChanges,
  now: number,
  mail?: MailConfig,
): Promise<Ticket> {
  const update: TicketUpdate = {};
  const events: Array<{ type: string; data: Record<string, unknown> }> = [];

  if (changes.status !== undefined && changes.status !== ticket.status) {
    const problem = agentTransitionProblem(ticket.status, changes.status);
    if (problem) throw new TicketConflictError(problem, 'illegal_transition');
    update.status = changes.status;
    if (changes.status === 'solved') update.solved_at = now;
    if (changes.status === 'open' || changes.status === 'pending') update.solved_at = null;
    events.push({ type: 'status_changed', data: { from: ticket.status, to: changes.status } });
  }
  if (changes.priority !== undefined && changes.priority !== ticket.priority) {
    update.priority = changes.priority;
    events.push({ type: 'priority_changed', data: { from: ticket.priority, to: changes.priority } });
  }
  if (changes.category !== undefined && changes.category !== ticket.category) {
    update.category = changes.category;
    events.push({ type: 'category_changed', data: { from: ticket.category, to: changes.category } });
  }
  if (changes.assignee_id !== undefined && changes.assignee_id !== ticket.assignee_id) {
    if (changes.assignee_id !== null) {
      const assignee = await findAgentById(trx, changes.assignee_id);
      if (!assignee || assignee.disabled === 1) {
        throw new TicketFieldError('assignee_id', 'Assign the ticket to an active agent.');
      }
    }
    update.assignee_id = changes.assignee_id;
    events.push({ type: 'assigned', data: { from: ticket.assignee_id, to: changes.assignee_id } });
  }
  if (changes.tags !== undefined) {
    const before = (
      await trx.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', ticket.id).orderBy('tag').execute()
    ).map((row) => row.tag);
    const after = await setTicketTags(trx, ticket.id, changes.tags);
    if (before.join('\n') !== after.join('\n')) events.push({ type: 'tags_changed', data: { from: before, to: after } });
  }

  if (events.length === 0) return ticket;
  if (mail && update.status === 'solved') await enqueueNotification(trx, mail, { kind: 'ticket_solved', ticket }, now);
  update.updated_at = now;
  for (const event of events) {
    await insertTicketEvent(trx, {
      ticket_id: ticket.id,
      actor_kind: 'agent',
      actor_id: agent.id,
      type: event.type,
      data: JSON.stringify(event.data),
      created_at: now,
    });
  }
  return updateTicket(trx, ticket.id, update);
}

async function lockTicket(trx: Trx, id: number): Promise<Ticket> {
  const ticket = await findTicketById(trx, id);
  if (!ticket) throw new TicketNotFoundError(id);
  return ticket;
}

/** An agent changes one ticket: status (by the state machine), priority, category, assignee, tags. */
export function updateTicketAsAgent(
  db: Kysely<Database>,
  agent: Agent,
  id: number,
  changes: TicketChanges,
  now: number,
  /** With email on, solving the ticket tells the customer (in the same transaction). */
  mail?: MailConfig,
): Promise<Ticket> {
  return db.transaction().execute(async (trx) => applyChanges(trx, agent, await lockTicket(trx, id), changes, now, mail));
}

/**
 * An agent writes on a ticket. A public reply reaches the customer (and their status page), records the
 * first response time once, takes a new ticket to open (or to the status chosen with "send and set
 * status"), and assigns an unassigned ticket to its author. An internal note changes nothing the customer sees.
 */
export function addAgentMessage(
  db: Kysely<Database>,
  agent: Agent,
  id: number,
  input: AgentMessageInput,
  now: number,
  /** With email on, a public reply is emailed to the customer (written in the same transaction). */
  mail?: MailConfig,
): Promise<Ticket> {
  return db.transaction().execute(async (trx) => {
    let ticket = await lockTicket(trx, id);
    if (ticket.status === 'closed' && !input.internal) {
      throw new TicketConflictError('This ticket is closed: the customer can’t be answered on it any more.', 'ticket_closed');
    }
    await insertMessage(trx, {
      ticket_id: ticket.id,
      author_kind: 'agent',
      author_customer_id: null,
      author_agent_id: agent.id,
      body: input.body,
      internal: input.internal ? 1 : 0,
      created_at: now,
    });
    await insertTicketEvent(trx, {
      ticket_id: ticket.id,
      actor_kind: 'agent',
      actor_id: agent.id,
      type: input.internal ? 'note_added' : 'replied',
      data: '{}',
      created_at: now,
    });
    if (input.internal) {
      return updateTicket(trx, ticket.id, { updated_at: now });
    }
    if (mail) {
      await enqueueNotification(trx, mail, { kind: 'agent_replied', ticket, agentName: agent.name, reply: input.body }, now);
    }
    ticket = await applyChanges(
      trx,
      agent,
      ticket,
      {
        status: input.status ?? afterAgentReply(ticket.status),
        ...(ticket.assignee_id === null ? { assignee_id: agent.id } : {}),
      },
      now,
    );
    return updateTicket(trx, ticket.id, {
      updated_at: now,
      last_message_at: now,
      last_message_author: 'agent',
      first_response_at: ticket.first_response_at ?? now,
    });
  });
}

/** One ticket of a bulk action that was left as it was, and why. */
export interface BulkRefusal {
  number: number;
  reason: string;
}

/**
 * The same change on many tickets (assign, status, priority), each in its own transaction so one ticket
 * that can't take it (a closed one asked to reopen) doesn't hold the others back; it is reported instead.
 */
export async function bulkUpdateTickets(
  db: Kysely<Database>,
  agent: Agent,
  ids: readonly number[],
  changes: Pick<TicketChanges, 'status' | 'priority' | 'assignee_id'>,
  now: number,
  mail?: MailConfig,
): Promise<{ updated: number[]; refused: BulkRefusal[] }> {
  const updated: number[] = [];
  const refused: BulkRefusal[] = [];
  for (const id of new Set(ids)) {
    try {
      await updateTicketAsAgent(db, agent, id, changes, now, mail);
      updated.push(id);
    } catch (error) {
      if (error instanceof TicketNotFoundError || error instanceof TicketConflictError || error instanceof TicketFieldError) {
        refused.push({ number: id, reason: error.message });
      } else throw error;
    }
  }
  return { updated, refused };
}

/** Everything the agent's ticket page shows, by the API and the page alike. */
export async function loadAgentTicket(deps: { db: Kysely<Database>; suggestions: SuggestionIndex }, id: number) {
  const opened = await openTicket(deps.db, id);
  if (!opened) return undefined;
  const stored = await deps.db
    .selectFrom('tickets')
    .select(['category', 'locale', 'channel', 'first_response_at', 'solved_at', 'customer_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const agents = new Map((await listAgents(deps.db)).map((agent) => [agent.id, agent.name]));
  const agentName = (id: number | null) => (id === null ? 'Someone' : (agents.get(id) ?? `Agent ${id}`));
  const customerTickets = await deps.db
    .selectFrom('tickets')
    .select(['id as number', 'subject', 'status', 'updated_at'])
    .where('customer_id', '=', stored.customer_id)
    .where('id', '!=', id)
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  const files = await listAttachments(
    deps.db,
    opened.messages.map((message) => message.id),
  );
  // Someone the customer copied in may answer by email too: their own name, not the customer's.
  const otherAuthors = [...new Set(opened.messages.map((message) => message.author_customer_id))].filter(
    (authorId): authorId is number => authorId !== null && authorId !== stored.customer_id,
  );
  const authorNames = new Map(
    otherAuthors.length === 0
      ? []
      : (await deps.db.selectFrom('customers').select(['id', 'name']).where('id', 'in', otherAuthors).execute()).map(
          (customer) => [customer.id, customer.name],
        ),
  );
  const firstMessage = opened.messages.find((message) => message.author_kind === 'customer')?.body ?? '';
  const suggestions = deps.suggestions.suggest(`${opened.ticket.subject}\n${firstMessage}`, { locale: stored.locale, limit: 5 });
  return {
    ticket: {
      ...opened.ticket,
      category: stored.category,
      locale: stored.locale,
      channel: stored.channel,
      first_response_at: stored.first_response_at,
      solved_at: stored.solved_at,
    },
    messages: opened.messages.map((message) => ({
      id: message.id,
      author_kind: message.author_kind,
      author_name:
        message.author_kind === 'agent'
          ? agentName(message.author_agent_id)
          : message.author_kind === 'customer'
            ? (authorNames.get(message.author_customer_id ?? 0) ?? opened.ticket.customer_name)
            : 'Docket',
      body: message.body,
      internal: message.internal === 1,
      created_at: message.created_at,
      attachments: files.get(message.id) ?? [],
    })),
    events: opened.events.map((event) => ({
      id: event.id,
      type: event.type,
      actor_kind: event.actor_kind,
      actor_name:
        event.actor_kind === 'agent'
          ? agentName(event.actor_id)
          : event.actor_kind === 'customer'
            ? opened.ticket.customer_name
            : 'Docket',
      data: parseEventData(event.data),
      created_at: event.created_at,
    })),
    customer_tickets: customerTickets,
    suggested_articles: suggestions.map((suggestion) => ({
      title: suggestion.sectionTitle ? `${suggestion.title} › ${suggestion.sectionTitle}` : suggestion.title,
      url: suggestion.url,
    })),
  };
}

/** A file as the ticket page lists it; `kept` is false when it was over the size limit and only named. */
export interface AttachmentSummary {
  id: number;
  filename: string;
  content_type: string;
  size: number;
  kept: boolean;
}

/** The files of these messages, by message id, without their bytes. */
async function listAttachments(db: Kysely<Database>, messageIds: number[]): Promise<Map<number, AttachmentSummary[]>> {
  const byMessage = new Map<number, AttachmentSummary[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'message_id', 'filename', 'content_type', 'size'])
    .select((eb) => eb.case().when('content', 'is', null).then(0).else(1).end().as('kept'))
    .where('message_id', 'in', messageIds)
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = byMessage.get(row.message_id) ?? [];
    list.push({ id: row.id, filename: row.filename, content_type: row.content_type, size: row.size, kept: row.kept === 1 });
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

/** Types a browser may show in place: images that can't run script. Everything else is a download. */
const SHOWN_INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** One stored file for an agent to download, with the headers that keep it from running on our origin. */
export async function loadAttachment(db: Kysely<Database>, id: number) {
  const file = await db
    .selectFrom('attachments')
    .select(['filename', 'content_type', 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!file || file.content === null) return undefined;
  const type = file.content_type.split(';')[0]!.trim().toLowerCase();
  const inline = SHOWN_INLINE.has(type);
  return {
    content: file.content,
    headers: {
      'Content-Type': inline ? type : 'application/octet-stream',
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  };
}

function parseEventData(data: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
