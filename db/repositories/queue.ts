import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type Database,
  type Message,
  type TicketEvent,
  type TicketPriority,
  type TicketStatus,
} from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** The agent's queues: each one a set of statuses and, for some, whose tickets they are. */
export const QUEUE_VIEWS = ['unassigned', 'mine', 'open', 'pending', 'solved'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
/** `updated`: newest activity first; `priority`: most urgent first, then newest activity; `age`: oldest ticket first. */
export const QUEUE_SORTS = ['updated', 'priority', 'age'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const DEFAULT_QUEUE_LIMIT = 25;
export const MAX_QUEUE_LIMIT = 100;

/** Narrows a view further; every filter given must hold. */
export interface QueueFilters {
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: string;
  /** An agent's id, or `'none'` for tickets nobody is assigned to. */
  assignee?: number | 'none';
  tag?: string;
}

export interface QueueQuery {
  view: QueueView;
  /** The agent looking: the `mine` view is theirs. */
  agentId: number;
  filters?: QueueFilters;
  sort?: QueueSort;
  /** The `next` of the previous page; absent for the first page. */
  after?: string | null;
  /** Tickets per page: 25 unless given, at most 100. */
  limit?: number;
}

/** One ticket as a queue or search result shows it. */
export interface QueueRow {
  /** The ticket's id, as people say it: "ticket #1042". */
  number: number;
  subject: string;
  customer_name: string;
  customer_email: string;
  status: TicketStatus;
  priority: TicketPriority;
  assignee_id: number | null;
  assignee_name: string | null;
  created_at: number;
  updated_at: number;
  last_message_preview: string;
  /** The customer is waiting: the last message is theirs. */
  customer_wrote_last: boolean;
  /** Sorted alphabetically. */
  tags: string[];
}

export interface QueuePage {
  rows: QueueRow[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/** A cursor that this sort did not hand out (edited, truncated, or from another sort): the route answers 400. */
export class InvalidCursorError extends Error {
  constructor() {
    super('The page cursor is not valid for this list. Start again from the first page.');
  }
}

const WORKING_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending'];

/** Which tickets a view holds; `assignee` undefined means anyone's, null means nobody's. */
const VIEWS: Record<QueueView, (agentId: number) => { statuses: readonly TicketStatus[]; assignee?: number | null }> = {
  unassigned: () => ({ statuses: WORKING_STATUSES, assignee: null }),
  mine: (agentId) => ({ statuses: WORKING_STATUSES, assignee: agentId }),
  open: () => ({ statuses: WORKING_STATUSES }),
  pending: () => ({ statuses: ['pending'] }),
  solved: () => ({ statuses: ['solved'] }),
};

/** The columns each sort orders by, the ticket id last so that every row has a place of its own. */
const SORT_COLUMNS = {
  updated: ['updated_at', 'id'],
  priority: ['priority_rank', 'updated_at', 'id'],
  age: ['created_at', 'id'],
} as const satisfies Record<QueueSort, readonly string[]>;
/** The same columns, as selected from `tickets`. */
const SORT_SELECTIONS = {
  updated: ['tickets.updated_at', 'tickets.id'],
  priority: ['tickets.priority_rank', 'tickets.updated_at', 'tickets.id'],
  age: ['tickets.created_at', 'tickets.id'],
} as const satisfies Record<QueueSort, readonly string[]>;

/**
 * Where the queries change plan, and how much they read at a time. Every plan returns the same rows;
 * these only decide which is cheaper. Tests lower them to run each plan on a few tickets.
 */
export interface QueuePlanThresholds {
  /**
   * Below this many tickets with a tag, a tag filter starts from the tag's index and sorts what it finds;
   * from it up, the queue walks its usual index and checks the tag on the way (meeting a match every
   * 1M / 5,000 = 200 tickets at worst, and stopping after a page).
   */
  tagDrivesBelow: number;
  /**
   * Below this many matching tickets, a search collects every match and sorts them (~3 µs a match at a
   * million tickets); from it up, it walks tickets newest first (see `recentMatches`).
   */
  searchSortsBelow: number;
  /**
   * While a search walks, a ticket this many numbers or fewer below the matches read so far is answered by
   * reading further down; one further below (an old ticket updated again) is looked up alone.
   */
  searchReadsAhead: number;
  /** Matches a search reads from the index at a time while it walks. */
  searchReadChunk: number;
}

export const QUEUE_PLAN_THRESHOLDS: QueuePlanThresholds = {
  tagDrivesBelow: 5_000,
  searchSortsBelow: 5_000,
  searchReadsAhead: 20_000,
  searchReadChunk: 512,
};

/** A page of a queue, in the sort asked for, after the cursor. */
export async function listQueue(
  db: Db,
  query: QueueQuery,
  thresholds: QueuePlanThresholds = QUEUE_PLAN_THRESHOLDS,
): Promise<QueuePage> {
  const sort = query.sort ?? 'updated';
  const limit = pageSize(query.limit);
  const after = query.after ? decodeCursor(query.after, sort) : null;
  const filters = query.filters ?? {};
  const view = VIEWS[query.view](query.agentId);

  const statuses = filters.status ? view.statuses.filter((status) => status === filters.status) : view.statuses;
  let assignee = view.assignee;
  if (filters.assignee !== undefined) {
    const wanted = filters.assignee === 'none' ? null : filters.assignee;
    if (assignee !== undefined && assignee !== wanted) return { rows: [], next: null };
    assignee = wanted;
  }
  if (statuses.length === 0) return { rows: [], next: null };

  const tag = filters.tag === undefined ? undefined : normalizeTag(filters.tag);
  const rareTag = tag !== undefined && (await countTagged(db, tag, thresholds.tagDrivesBelow)) < thresholds.tagDrivesBelow;
  const conditions = (eb: ExpressionBuilder<Database, 'tickets'>) => {
    const all: Expression<SqlBool>[] = [];
    if (assignee !== undefined) all.push(eb('tickets.assignee_id', assignee === null ? 'is' : '=', assignee));
    if (filters.priority) all.push(eb('tickets.priority_rank', '=', priorityRank(filters.priority)));
    if (filters.category !== undefined) all.push(eb('tickets.category', '=', filters.category));
    if (tag !== undefined && !rareTag) all.push(hasTag(eb, tag));
    if (after) all.push(afterKey(eb, sort, after));
    return eb.and(all);
  };

  let keys: SortKey[];
  if (rareTag) {
    // A rare tag: its few tickets, sorted here, cost less than walking the queue looking for them.
    let tagged = db
      .selectFrom('ticket_tags')
      // CROSS JOIN keeps SQLite from walking tickets first; on PostgreSQL it is a plain inner join.
      .crossJoin('tickets')
      .select(SORT_SELECTIONS[sort])
      .whereRef('tickets.id', '=', 'ticket_tags.ticket_id')
      .where('ticket_tags.tag', '=', tag)
      .where('tickets.status', 'in', statuses)
      .where(conditions);
    for (const column of SORT_COLUMNS[sort]) tagged = tagged.orderBy(`tickets.${column}`, sortDirection(sort));
    keys = await tagged.limit(limit + 1).execute();
  } else {
    keys = await inSortOrder(db, statuses, conditions, sort, limit + 1);
  }
  return pageOf(db, keys, sort, limit);
}

/** How many tickets each view holds, for the counts beside the queue names. */
export async function countQueueViews(db: Db, agentId: number): Promise<Record<QueueView, number>> {
  const rows = await db.selectFrom('ticket_counts').select(['status', 'assignee_key', 'tickets']).execute();
  const counts: Record<QueueView, number> = { unassigned: 0, mine: 0, open: 0, pending: 0, solved: 0 };
  for (const row of rows) {
    const tickets = Number(row.tickets);
    if (WORKING_STATUSES.includes(row.status)) {
      counts.open += tickets;
      if (row.assignee_key === 0) counts.unassigned += tickets;
      if (row.assignee_key === agentId) counts.mine += tickets;
    }
    if (row.status === 'pending') counts.pending += tickets;
    if (row.status === 'solved') counts.solved += tickets;
  }
  return counts;
}

export interface SearchQuery {
  /** What the agent typed; any text is safe. */
  query: string;
  after?: string | null;
  limit?: number;
}

/** Rewrites the search document (subject, then every message in order) of each ticket noted as changed. */
export const INDEX_PENDING_TICKETS_SQL = `insert or replace into ticket_search (rowid, subject, body)
  select t.id, t.subject, coalesce((select group_concat(body, char(10)) from
    (select body from messages where ticket_id = t.id order by id)), '')
  from ticket_search_pending p join tickets t on t.id = p.ticket_id`;

/**
 * Brings the search index up to date with every ticket that changed since the last call, in one statement,
 * so FTS5 writes all their documents as one segment (see the migration 2026-11-27T15-00-search-batching).
 * Runs at the end of every group commit and before every search.
 */
export async function indexPendingTickets(db: Db): Promise<void> {
  if (!db.isTransaction) {
    // Outside a transaction, a ticket noted between the two statements would be dropped unindexed.
    const pending = await db.selectFrom('ticket_search_pending').select('ticket_id').limit(1).executeTakeFirst();
    if (pending) await db.transaction().execute(indexPendingTickets);
    return;
  }
  await sql.raw(INDEX_PENDING_TICKETS_SQL).execute(db);
  await db.deleteFrom('ticket_search_pending').execute();
}

/**
 * Tickets whose subject or messages (internal notes too) contain every word of the query, most recently
 * updated first. The only function that knows the index is SQLite FTS5; PostgreSQL would swap in
 * `ticket_search.document @@ plainto_tsquery('simple', …)` here.
 */
export async function searchTickets(
  db: Db,
  search: SearchQuery,
  thresholds: QueuePlanThresholds = QUEUE_PLAN_THRESHOLDS,
): Promise<QueuePage> {
  const limit = pageSize(search.limit);
  const after = search.after ? decodeCursor(search.after, 'updated') : null;
  const match = toFtsQuery(search.query);
  if (match === null) return { rows: [], next: null };
  await indexPendingTickets(db);

  const counted = await sql<{ matches: number }>`select count(*) as matches from (
      select rowid from ticket_search where ticket_search match ${match} limit ${thresholds.searchSortsBelow}
    )`.execute(db);
  let keys: SortKey[];
  if (Number(counted.rows[0]?.matches ?? 0) < thresholds.searchSortsBelow) {
    // Few matches: sort them all.
    const keyset = after ? sql`and (t.updated_at, t.id) < (${after[0]}, ${after[1]})` : sql``;
    const sorted = await sql<SortKey>`select t.id, t.updated_at
      from ticket_search cross join tickets t on t.id = ticket_search.rowid
      where ticket_search match ${match} ${keyset}
      order by t.updated_at desc, t.id desc limit ${limit + 1}`.execute(db);
    keys = sorted.rows;
  } else {
    keys = await recentMatches(db, match, after, limit + 1, thresholds);
  }
  return pageOf(db, keys, 'updated', limit);
}

/**
 * The first `count` tickets that match, most recently updated first, for a query with many matches: walks
 * every ticket in that order and keeps the ones that match. Asking the search index about one ticket costs
 * ~35 µs, reading its matches in ticket-number order ~1 µs each, so matches are read from the newest ticket
 * down, a chunk at a time, and each walked ticket is looked up among those read. Tickets updated lately are
 * mostly recent ones, so the walk and the reading go down together; a ticket far below what has been read
 * (an old ticket reopened) is asked about alone instead of reading everything down to it.
 */
async function recentMatches(
  db: Db,
  match: string,
  after: number[] | null,
  count: number,
  thresholds: QueuePlanThresholds,
): Promise<SortKey[]> {
  const newest = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  // Every match numbered `readDownTo` or above is in `matched`.
  let readDownTo = (newest?.id ?? 0) + 1;
  const matched = new Set<number>();
  const matches = async (number: number): Promise<boolean> => {
    if (number < readDownTo - thresholds.searchReadsAhead) {
      // FTS5 ignores a rowid constraint bound as a float, which is how JavaScript numbers arrive: cast it.
      const alone = await sql`select 1 as hit from ticket_search
        where ticket_search match ${match} and rowid = cast(${number} as integer)`.execute(db);
      return alone.rows.length > 0;
    }
    while (number < readDownTo) {
      const read = await sql<{ id: number }>`select rowid as id from ticket_search
        where ticket_search match ${match} and rowid < cast(${readDownTo} as integer)
        order by rowid desc limit ${thresholds.searchReadChunk}`.execute(db);
      for (const row of read.rows) matched.add(row.id);
      const last = read.rows.at(-1);
      readDownTo = read.rows.length < thresholds.searchReadChunk || !last ? -Infinity : last.id;
    }
    return matched.has(number);
  };

  const found: SortKey[] = [];
  let cursor = after;
  let chunk = Math.max(count * 2, 64);
  for (;;) {
    const walked = await inSortOrder(
      db,
      TICKET_STATUSES,
      (eb) => (cursor ? afterKey(eb, 'updated', cursor) : eb.and([])),
      'updated',
      chunk,
    );
    for (const key of walked) {
      if (await matches(key.id)) found.push(key);
      if (found.length === count) return found;
    }
    const last = walked.at(-1);
    if (walked.length < chunk || !last) return found;
    cursor = [last.updated_at!, last.id];
    chunk = Math.min(chunk * 2, 4096);
  }
}

/** At most this many words of a search are used: enough for any question, and a bound on the work. */
const MAX_SEARCH_WORDS = 12;

/**
 * The user's words as an FTS5 query that cannot fail: each whitespace-separated word becomes a quoted
 * phrase (so `AND`, `*`, `"` or `subject:` are plain text), and all of them must match. A word like
 * `INV-2041` stays one phrase, "inv 2041", matching those two tokens side by side. Null when nothing
 * searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const phrases: string[] = [];
  for (const word of input.split(/\s+/)) {
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    phrases.push(`"${word.replaceAll('"', '""')}"`);
    if (phrases.length === MAX_SEARCH_WORDS) break;
  }
  return phrases.length > 0 ? phrases.join(' ') : null;
}

/** A ticket as an agent opens it: its queue row, every message (internal notes too) and its audit trail. */
export async function openTicket(
  db: Db,
  ticketId: number,
): Promise<{ ticket: QueueRow; messages: Message[]; events: TicketEvent[] } | undefined> {
  const [ticket] = await rowsByNumber(db, [ticketId]);
  if (!ticket) return undefined;
  const messages = await db.selectFrom('messages').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  const events = await db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  return { ticket, messages, events };
}

/**
 * Replaces a ticket's tags. Tags are compared lowercased and trimmed, so `Billing ` and `billing` are one
 * tag; empty ones are dropped.
 */
export async function setTicketTags(db: Db, ticketId: number, tags: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(tags.map(normalizeTag).filter((tag) => tag.length > 0))].sort();
  await db.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).execute();
  if (wanted.length > 0) {
    await db
      .insertInto('ticket_tags')
      .values(wanted.map((tag) => ({ ticket_id: ticketId, tag })))
      .execute();
  }
  return wanted;
}

// ——— internals ———

/** The sort columns of one ticket (those of its sort): what a page is ordered by and its cursor is made of. */
interface SortKey {
  id: number;
  updated_at?: number;
  priority_rank?: number;
  created_at?: number;
}

/**
 * The sort keys of tickets in these statuses that satisfy `where`, in sort order: one index range per status,
 * merged (a UNION ALL under one ORDER BY … LIMIT), each read only as far as the result needs. Only the sort's
 * own columns are selected, so that the index answers alone without reading ticket rows.
 */
function inSortOrder(
  db: Db,
  statuses: readonly TicketStatus[],
  where: (eb: ExpressionBuilder<Database, 'tickets'>) => Expression<SqlBool>,
  sort: QueueSort,
  count: number,
): Promise<SortKey[]> {
  const arms = statuses.map((status) =>
    db.selectFrom('tickets').select(SORT_SELECTIONS[sort]).where('tickets.status', '=', status).where(where),
  );
  let merged = arms.slice(1).reduce((union, arm) => union.unionAll(arm), arms[0]!);
  for (const column of SORT_COLUMNS[sort]) merged = merged.orderBy(column, sortDirection(sort));
  return merged.limit(count).execute();
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_QUEUE_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 1), MAX_QUEUE_LIMIT);
}

function sortDirection(sort: QueueSort): 'asc' | 'desc' {
  return sort === 'age' ? 'asc' : 'desc';
}

function priorityRank(priority: TicketPriority): number {
  return TICKET_PRIORITIES.indexOf(priority);
}

function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase();
}

/** Rows strictly after the cursor in the sort's order: one row-value comparison, which indexes can seek to. */
function afterKey(eb: ExpressionBuilder<Database, 'tickets'>, sort: QueueSort, key: number[]): Expression<SqlBool> {
  const [first = 0, second = 0, third = 0] = key;
  switch (sort) {
    case 'updated':
      return eb(eb.refTuple('tickets.updated_at', 'tickets.id'), '<', eb.tuple(first, second));
    case 'priority':
      return eb(eb.refTuple('tickets.priority_rank', 'tickets.updated_at', 'tickets.id'), '<', eb.tuple(first, second, third));
    case 'age':
      return eb(eb.refTuple('tickets.created_at', 'tickets.id'), '>', eb.tuple(first, second));
  }
}

function hasTag(eb: ExpressionBuilder<Database, 'tickets'>, tag: string): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('ticket_tags')
      .select('ticket_tags.tag')
      .whereRef('ticket_tags.ticket_id', '=', 'tickets.id')
      .where('ticket_tags.tag', '=', tag),
  );
}

/** How many tickets carry a tag, counting no further than `upTo`. */
async function countTagged(db: Db, tag: string, upTo: number): Promise<number> {
  const row = await db
    .selectFrom((eb) => eb.selectFrom('ticket_tags').select('ticket_id').where('tag', '=', tag).limit(upTo).as('tagged'))
    .select((eb) => eb.fn.countAll<number>().as('tickets'))
    .executeTakeFirstOrThrow();
  return Number(row.tickets);
}

/** The page's rows, in the order of its keys (one more key than the page means there is a next page). */
async function pageOf(db: Db, keys: SortKey[], sort: QueueSort, limit: number): Promise<QueuePage> {
  const page = keys.slice(0, limit);
  const rows = await rowsByNumber(
    db,
    page.map((key) => key.id),
  );
  const last = page.at(-1);
  return { rows, next: keys.length > limit && last ? encodeCursor(sort, last) : null };
}

/** Queue rows for these tickets, in the order given; unknown numbers are left out. */
async function rowsByNumber(db: Db, numbers: number[]): Promise<QueueRow[]> {
  if (numbers.length === 0) return [];
  const tickets = await db
    .selectFrom('tickets')
    .innerJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('agents', 'agents.id', 'tickets.assignee_id')
    .select([
      'tickets.id',
      'tickets.subject',
      'customers.name as customer_name',
      'customers.email as customer_email',
      'tickets.status',
      'tickets.priority',
      'tickets.assignee_id',
      'agents.name as assignee_name',
      'tickets.created_at',
      'tickets.updated_at',
      'tickets.last_message_preview',
      'tickets.last_message_author',
    ])
    .where('tickets.id', 'in', numbers)
    .execute();
  const tags = await db
    .selectFrom('ticket_tags')
    .select(['ticket_id', 'tag'])
    .where('ticket_id', 'in', numbers)
    .orderBy('ticket_id')
    .orderBy('tag')
    .execute();
  const tagsOf = new Map<number, string[]>();
  for (const { ticket_id, tag } of tags) {
    const list = tagsOf.get(ticket_id);
    if (list) list.push(tag);
    else tagsOf.set(ticket_id, [tag]);
  }
  const byNumber = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  const rows: QueueRow[] = [];
  for (const number of numbers) {
    const ticket = byNumber.get(number);
    if (!ticket) continue;
    const { id, last_message_author, ...shown } = ticket;
    rows.push({ number: id, ...shown, customer_wrote_last: last_message_author === 'customer', tags: tagsOf.get(id) ?? [] });
  }
  return rows;
}

/** `<sort>.<key>.<key>…` in base64url: opaque to clients, checked on the way back in. */
function encodeCursor(sort: QueueSort, key: SortKey): string {
  const values = SORT_COLUMNS[sort].map((column) => key[column]);
  return Buffer.from([sort, ...values].join('.')).toString('base64url');
}

function decodeCursor(cursor: string, sort: QueueSort): number[] {
  const [cursorSort, ...parts] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  const values = parts.map((part) => (/^-?\d{1,16}$/.test(part) ? Number(part) : NaN));
  if (cursorSort !== sort || values.length !== SORT_COLUMNS[sort].length || !values.every(Number.isSafeInteger)) {
    throw new InvalidCursorError();
  }
  return values;
}
