import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Times are milliseconds since the epoch: compact, sortable, the same on SQLite and PostgreSQL. */
type Timestamp = number;
/** Flags are 0 or 1: better-sqlite3 binds no booleans, and integers mean the same on both databases. */
type Flag = ColumnType<0 | 1, 0 | 1 | undefined, 0 | 1>;

export const TICKET_STATUSES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_CHANNELS = ['web', 'email', 'api'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export const AUTHOR_KINDS = ['customer', 'agent', 'system'] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];
export const DEFLECTION_EVENT_KINDS = ['shown', 'clicked', 'resolved'] as const;
export type DeflectionEventKind = (typeof DEFLECTION_EVENT_KINDS)[number];

export interface AgentTable {
  id: Generated<number>;
  name: string;
  /** Lowercased; unique. */
  email: string;
  role: 'agent' | 'admin';
  disabled: Flag;
  password_hash: string | null;
  created_at: Timestamp;
  updated_at: ColumnType<Timestamp, Timestamp | undefined, Timestamp>;
}

/** A signed-in browser (or integration) of one agent. Token = `id.secret`; only the secret's SHA-256 is kept. */
export interface AgentSessionTable {
  id: string;
  agent_id: number;
  secret_hash: string;
  created_at: Timestamp;
  /** Slides forward as the session is used (written at most hourly). */
  expires_at: Timestamp;
  refreshed_at: Timestamp;
  user_agent: string | null;
}

/** The one-time link the first admin signs up through; only its hash is kept. */
export interface SetupTokenTable {
  id: Generated<number>;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** Failed sign-ins counted per account (`account:<email>`) and per address (`ip:<address>`). */
export interface LoginFailureTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: Timestamp;
}

export interface CustomerTable {
  id: Generated<number>;
  /** Lowercased; one customer per address. */
  email: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TicketTable {
  /** Also the ticket's number as people say it: "ticket #1042". */
  id: Generated<number>;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  /** A help-center category slug, or null when the customer chose none. */
  category: string | null;
  channel: TicketChannel;
  /** The customer's language: replies, emails and the status page use it. */
  locale: string;
  customer_id: number;
  assignee_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  first_response_at: Timestamp | null;
  solved_at: Timestamp | null;
  last_message_at: Timestamp;
  last_message_author: AuthorKind;
  /** `priority` as a number (low 0 … urgent 3) so queues can sort by it on an index; the database computes it. */
  priority_rank: ColumnType<number, never, never>;
  /**
   * The last message on one line, at most 200 characters, for queue rows (internal notes too: only agents
   * see queues); triggers on `messages` keep it.
   */
  last_message_preview: ColumnType<string, never, never>;
}

/** A ticket's private status-page key, stored only as the SHA-256 of the secret. */
export interface TicketKeyTable {
  id: Generated<number>;
  ticket_id: number;
  key_hash: string;
  created_at: Timestamp;
}

export interface MessageTable {
  id: Generated<number>;
  ticket_id: number;
  author_kind: AuthorKind;
  author_customer_id: number | null;
  author_agent_id: number | null;
  body: string;
  /** Internal notes are for agents only, never shown to the customer. */
  internal: Flag;
  created_at: Timestamp;
}

/** The audit trail of a ticket: every change, who made it and when. */
export interface TicketEventTable {
  id: Generated<number>;
  ticket_id: number;
  actor_kind: AuthorKind;
  actor_id: number | null;
  type: string;
  /** JSON: what changed (`{"from":"open","to":"solved"}`). */
  data: string;
  created_at: Timestamp;
}

/** A label on a ticket (lowercase); queues filter by it. */
export interface TicketTagTable {
  ticket_id: number;
  tag: string;
}

/** How many tickets have each status and assignee; triggers keep it, for the counts beside queue names. */
export interface TicketCountTable {
  status: TicketStatus;
  /** The assignee's id, or 0 for tickets nobody is assigned to (agent ids start at 1). */
  assignee_key: number;
  tickets: number;
}

/** Tickets whose search document is out of date (SQLite): rewritten in one go, see `indexPendingTickets`. */
export interface TicketSearchPendingTable {
  ticket_id: number;
}

/** A reply an agent saved to reuse. */
export interface CannedReplyTable {
  id: Generated<number>;
  title: string;
  body: string;
  /** The agent who wrote it; null once that agent is deleted. */
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One step of the deflection funnel: a suggestion shown, clicked, or said to have answered. */
export interface DeflectionEventTable {
  id: Generated<number>;
  kind: DeflectionEventKind;
  /** A random id of the browser's contact-form visit, so a funnel can be followed without knowing who. */
  visit_id: string;
  query: string;
  article_id: string;
  url: string;
  locale: string;
  position: number | null;
  ticket_id: number | null;
  created_at: Timestamp;
}

export interface ArticleFeedbackTable {
  id: Generated<number>;
  article_id: string;
  locale: string;
  helpful: Flag;
  comment: string | null;
  /** SHA-256 of the browser's random voter id: one vote per browser and article. */
  voter_hash: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Email about one ticket, and `ticket_list_link`: the "your tickets" link a customer asked for on /tickets. */
export const OUTBOX_KINDS = ['ticket_received', 'agent_replied', 'ticket_solved', 'ticket_list_link'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/** One email to send, whole: written with the change that causes it, sent by the outbox worker. */
export interface OutboxTable {
  id: Generated<number>;
  kind: OutboxKind;
  /** The ticket the email is about; null for email about the customer's tickets as a whole. */
  ticket_id: number | null;
  /** Set for email that belongs to no ticket: whom it is for. */
  customer_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The email's Message-ID, `<…@domain>`: the same on every retry, so a resend is the same message. */
  message_id: string;
  to_address: string;
  to_name: string;
  subject: string;
  /** Emptied once sent: the bodies carry a status-page key. */
  text_body: string;
  html_body: string;
  in_reply_to: string | null;
  /** Earlier Message-IDs of the ticket's thread, space-separated. */
  references: string | null;
  reply_to: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** After this the email is not sent (its link would no longer work); null for email that never goes stale. */
  expires_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export const INBOUND_OUTCOMES = ['ticket_created', 'reply_added', 'ignored', 'rejected'] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

/** A message read from the support mailbox, and what Docket did with it. Read twice, it is handled once. */
export interface InboundEmailTable {
  id: Generated<number>;
  /** The email's Message-ID, or `<sha256.…@docket.invalid>` of its bytes when it has none. */
  message_id: string;
  /** SHA-256 of the email's bytes: mail that reuses a Message-ID but says something else is not a repeat. */
  content_hash: string;
  from_address: string;
  subject: string;
  outcome: InboundOutcome;
  /** Why it was ignored or rejected (`auto-reply: Auto-Submitted auto-replied`), for the log admins read. */
  reason: string | null;
  ticket_id: number | null;
  /** Bytes, as the mailbox reported them. */
  size: number;
  handled_at: Timestamp;
}

/** A file that came with a message. Over the size limit only its name and size are kept (`content` null). */
export interface AttachmentTable {
  id: Generated<number>;
  message_id: number;
  filename: string;
  content_type: string;
  size: number;
  content: Buffer | null;
  created_at: Timestamp;
}

/** A single-use "your tickets" link a customer asked for by email; only the token's hash is kept. */
export interface CustomerLinkTable {
  id: Generated<number>;
  customer_id: number;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** A browser that used a "your tickets" link: token `id.secret`, only the secret's SHA-256 kept. */
export interface CustomerSessionTable {
  id: string;
  customer_id: number;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface Database {
  outbox: OutboxTable;
  inbound_emails: InboundEmailTable;
  attachments: AttachmentTable;
  customer_links: CustomerLinkTable;
  customer_sessions: CustomerSessionTable;
  agents: AgentTable;
  agent_sessions: AgentSessionTable;
  setup_tokens: SetupTokenTable;
  login_failures: LoginFailureTable;
  customers: CustomerTable;
  tickets: TicketTable;
  ticket_keys: TicketKeyTable;
  messages: MessageTable;
  ticket_events: TicketEventTable;
  ticket_tags: TicketTagTable;
  ticket_counts: TicketCountTable;
  ticket_search_pending: TicketSearchPendingTable;
  canned_replies: CannedReplyTable;
  deflection_events: DeflectionEventTable;
  article_feedback: ArticleFeedbackTable;
}

export type Agent = Selectable<AgentTable>;
export type NewAgent = Insertable<AgentTable>;
export type AgentUpdate = Updateable<AgentTable>;
export type AgentSession = Selectable<AgentSessionTable>;
export type Customer = Selectable<CustomerTable>;
export type NewCustomer = Insertable<CustomerTable>;
export type Ticket = Selectable<TicketTable>;
export type NewTicket = Insertable<TicketTable>;
export type TicketUpdate = Updateable<TicketTable>;
export type Message = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type TicketEvent = Selectable<TicketEventTable>;
export type NewTicketEvent = Insertable<TicketEventTable>;
export type CannedReply = Selectable<CannedReplyTable>;
export type NewCannedReply = Insertable<CannedReplyTable>;
export type DeflectionEvent = Selectable<DeflectionEventTable>;
export type NewDeflectionEvent = Insertable<DeflectionEventTable>;
export type ArticleFeedback = Selectable<ArticleFeedbackTable>;

export type OutboxEmail = Selectable<OutboxTable>;
export type InboundEmail = Selectable<InboundEmailTable>;
export type NewInboundEmail = Insertable<InboundEmailTable>;
export type Attachment = Selectable<AttachmentTable>;
export type NewAttachment = Insertable<AttachmentTable>;
