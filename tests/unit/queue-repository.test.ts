import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCustomerReply, createTicket } from '../../api/services/tickets';
import { migrateToLatest, openDatabase } from '../../db/connection';
import { migrations } from '../../db/migrations';
import {
  countQueueViews,
  InvalidCursorError,
  listQueue,
  openTicket,
  QUEUE_PLAN_THRESHOLDS,
  QUEUE_SORTS,
  QUEUE_VIEWS,
  searchTickets,
  setTicketTags,
  toFtsQuery,
  type QueueFilters,
  type QueuePlanThresholds,
  type QueueQuery,
  type QueueSort,
  type QueueView,
} from '../../db/repositories/queue';
import { insertMessage, insertTicket } from '../../db/repositories/tickets';
import type { Database, TicketPriority, TicketStatus } from '../../db/schema';
import { createTestDatabase } from '../support/database';

let db: Kysely<Database>;
let ann: number;
let bob: number;
let customer: number;
const T0 = Date.UTC(2026, 10, 1);

beforeEach(async () => {
  db = await createTestDatabase();
  ann = await addAgent(db, 'Ann Agent');
  bob = await addAgent(db, 'Bob Agent');
  customer = await addCustomer(db, 'Ada Lovelace', 'ada@example.com');
});
afterEach(async () => {
  await db.destroy();
});

async function addAgent(on: Kysely<Database>, name: string): Promise<number> {
  const email = `${name.split(' ')[0]!.toLowerCase()}@docket.example`;
  const row = await on
    .insertInto('agents')
    .values({ name, email, role: 'agent', disabled: 0, password_hash: null, created_at: T0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addCustomer(on: Kysely<Database>, name: string, email: string): Promise<number> {
  const row = await on
    .insertInto('customers')
    .values({ name, email, created_at: T0, updated_at: T0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

interface TicketSpec {
  subject?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: string | null;
  assignee?: number | null;
  created?: number;
  updated?: number;
  messages?: Array<{ author: 'customer' | 'agent'; body: string; internal?: boolean }>;
  tags?: string[];
}

/** A ticket as the ticket code would store it: the row, then its messages, then its tags. */
async function addTicket(spec: TicketSpec = {}, into: Kysely<Database> | Transaction<Database> = db): Promise<number> {
  const created = spec.created ?? T0;
  const messages = spec.messages ?? [{ author: 'customer', body: 'Please help.' }];
  const ticket = await insertTicket(into, {
    subject: spec.subject ?? 'A question',
    status: spec.status ?? 'new',
    priority: spec.priority ?? 'normal',
    category: spec.category ?? null,
    channel: 'web',
    locale: 'en',
    customer_id: customer,
    assignee_id: spec.assignee ?? null,
    created_at: created,
    updated_at: spec.updated ?? created,
    first_response_at: null,
    solved_at: null,
    last_message_at: created,
    last_message_author: messages.at(-1)?.author ?? 'customer',
  });
  for (const message of messages) {
    await insertMessage(into, {
      ticket_id: ticket.id,
      author_kind: message.author,
      author_customer_id: message.author === 'customer' ? customer : null,
      author_agent_id: message.author === 'agent' ? ann : null,
      body: message.body,
      internal: message.internal ? 1 : 0,
      created_at: created,
    });
  }
  if (spec.tags) await setTicketTags(into, ticket.id, spec.tags);
  return ticket.id;
}

/** Every page of a queue, one after the other, as ticket numbers. */
async function allPages(query: QueueQuery, thresholds?: QueuePlanThresholds): Promise<number[]> {
  const numbers: number[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listQueue(db, { ...query, after }, thresholds);
    numbers.push(...page.rows.map((row) => row.number));
    if (!page.next) return numbers;
    expect(page.rows).toHaveLength(query.limit ?? 25);
    after = page.next;
  }
  throw new Error('The queue never ended.');
}

const ids = (page: { rows: Array<{ number: number }> }) => page.rows.map((row) => row.number);

describe('queue views', () => {
  let tickets: Record<string, number>;

  beforeEach(async () => {
    // Later tickets were updated later, so "newest activity first" is the reverse of this list.
    const specs: Record<string, TicketSpec> = {
      newNobody: { status: 'new' },
      openAnn: { status: 'open', assignee: ann },
      pendingBob: { status: 'pending', assignee: bob },
      pendingNobody: { status: 'pending' },
      solvedAnn: { status: 'solved', assignee: ann },
      closedAnn: { status: 'closed', assignee: ann },
      openBob: { status: 'open', assignee: bob },
    };
    tickets = {};
    let minute = 0;
    for (const [name, spec] of Object.entries(specs)) {
      minute += 1;
      tickets[name] = await addTicket({ ...spec, created: T0 + minute * 60_000 });
    }
  });

  it.each([
    ['unassigned', 'ann', ['pendingNobody', 'newNobody']],
    ['mine', 'ann', ['openAnn']],
    ['mine', 'bob', ['openBob', 'pendingBob']],
    ['open', 'ann', ['openBob', 'pendingNobody', 'pendingBob', 'openAnn', 'newNobody']],
    ['pending', 'ann', ['pendingNobody', 'pendingBob']],
    ['solved', 'ann', ['solvedAnn']],
  ] as const)('the %s view of %s holds exactly its tickets, newest activity first', async (view, who, expected) => {
    const page = await listQueue(db, { view, agentId: who === 'ann' ? ann : bob });
    expect(ids(page)).toEqual(expected.map((name) => tickets[name]));
    expect(page.next).toBeNull();
  });

  it('counts every view the way the views list them', async () => {
    expect(await countQueueViews(db, ann)).toEqual({ unassigned: 2, mine: 1, open: 5, pending: 2, solved: 1 });
    expect(await countQueueViews(db, bob)).toEqual({ unassigned: 2, mine: 2, open: 5, pending: 2, solved: 1 });
  });

  it('narrows a view by status and assignee, and a filter outside the view finds nothing', async () => {
    const open = (filters: QueueFilters) => listQueue(db, { view: 'open', agentId: ann, filters }).then(ids);
    expect(await open({ status: 'pending' })).toEqual([tickets.pendingNobody, tickets.pendingBob]);
    expect(await open({ assignee: bob })).toEqual([tickets.openBob, tickets.pendingBob]);
    expect(await open({ assignee: 'none' })).toEqual([tickets.pendingNobody, tickets.newNobody]);
    expect(await open({ status: 'solved' })).toEqual([]);
    const mine = await listQueue(db, { view: 'mine', agentId: ann, filters: { assignee: bob } });
    expect(ids(mine)).toEqual([]);
  });

  it('shows each ticket with its customer, assignee, preview, waiting flag and tags', async () => {
    const number = await addTicket({
      subject: 'Invoice PDF is blank',
      status: 'open',
      priority: 'high',
      assignee: bob,
      created: T0 + 3_600_000,
      updated: T0 + 7_200_000,
      messages: [
        { author: 'customer', body: 'The PDF has no pages.' },
        { author: 'agent', body: 'Which browser do you use?\nAnd which invoice?' },
      ],
      tags: ['Billing ', 'pdf', 'billing'],
    });
    const page = await listQueue(db, { view: 'mine', agentId: bob });
    expect(page.rows[0]).toEqual({
      number,
      subject: 'Invoice PDF is blank',
      customer_name: 'Ada Lovelace',
      customer_email: 'ada@example.com',
      status: 'open',
      priority: 'high',
      assignee_id: bob,
      assignee_name: 'Bob Agent',
      created_at: T0 + 3_600_000,
      updated_at: T0 + 7_200_000,
      last_message_preview: 'Which browser do you use? And which invoice?',
      customer_wrote_last: false,
      tags: ['billing', 'pdf'],
    });
  });
});

describe('sorting and paging', () => {
  const tags = ['refund', 'vip', 'bug'];
  const categories = ['billing', 'login', null];
  interface Fixture {
    id: number;
    status: TicketStatus;
    priority: TicketPriority;
    assignee: number | null;
    category: string | null;
    created: number;
    updated: number;
    tags: string[];
  }
  let fixture: Fixture[];

  beforeEach(async () => {
    // Few distinct times, priorities and statuses: most sort keys tie, so only the id tells rows apart.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n; // the high bits: an LCG's low bits repeat every few draws
    };
    const statuses: TicketStatus[] = ['new', 'open', 'pending', 'solved', 'closed'];
    const priorities: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
    fixture = [];
    for (let i = 0; i < 70; i++) {
      const spec = {
        status: statuses[next(5)]!,
        priority: priorities[next(4)]!,
        assignee: [null, ann, bob][next(3)]!,
        category: categories[next(3)]!,
        created: T0 + next(4) * 1000,
        tags: tags.filter(() => next(3) === 0),
      };
      const updated = spec.created + next(3) * 1000;
      const id = await addTicket({ ...spec, updated });
      fixture.push({ id, ...spec, updated });
    }
  });

  /** What a view should list, worked out here the slow, obvious way. */
  function expected(view: QueueView, agentId: number, sort: QueueSort, filters: QueueFilters = {}): number[] {
    const working = ['new', 'open', 'pending'];
    const rank = (priority: TicketPriority) => ['low', 'normal', 'high', 'urgent'].indexOf(priority);
    const inView = fixture.filter((ticket) => {
      switch (view) {
        case 'unassigned':
          return working.includes(ticket.status) && ticket.assignee === null;
        case 'mine':
          return working.includes(ticket.status) && ticket.assignee === agentId;
        case 'open':
          return working.includes(ticket.status);
        case 'pending':
          return ticket.status === 'pending';
        case 'solved':
          return ticket.status === 'solved';
      }
    });
    const filtered = inView.filter(
      (ticket) =>
        (filters.status === undefined || ticket.status === filters.status) &&
        (filters.priority === undefined || ticket.priority === filters.priority) &&
        (filters.category === undefined || ticket.category === filters.category) &&
        (filters.assignee === undefined || ticket.assignee === (filters.assignee === 'none' ? null : filters.assignee)) &&
        (filters.tag === undefined || ticket.tags.includes(filters.tag)),
    );
    const key = (ticket: Fixture): number[] =>
      sort === 'updated'
        ? [-ticket.updated, -ticket.id]
        : sort === 'priority'
          ? [-rank(ticket.priority), -ticket.updated, -ticket.id]
          : [ticket.created, ticket.id];
    return filtered
      .sort((a, b) => {
        const [ka, kb] = [key(a), key(b)];
        for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
        return 0;
      })
      .map((ticket) => ticket.id);
  }

  it('pages through every view in every sort without repeating or skipping a ticket, ties included', async () => {
    let checked = 0;
    for (const view of QUEUE_VIEWS) {
      for (const sort of QUEUE_SORTS) {
        for (const limit of [1, 3, 100]) {
          const want = expected(view, ann, sort);
          expect(await allPages({ view, agentId: ann, sort, limit }), `${view} by ${sort}, ${limit} a page`).toEqual(want);
          checked += want.length;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it.each([
    { priority: 'urgent' },
    { category: 'billing' },
    { assignee: 'none' },
    { assignee: 2 }, // Bob
    { status: 'pending' },
    { tag: 'vip' },
    { tag: 'refund', priority: 'high' },
  ] as QueueFilters[])('pages a filtered view in every sort: %o', async (filters) => {
    for (const sort of QUEUE_SORTS) {
      const want = expected('open', ann, sort, filters);
      expect(want.length).toBeGreaterThan(0);
      // Both ways of reading a tag filter: walking the queue (threshold 0) and starting from the tag.
      for (const tagDrivesBelow of [0, 1_000_000]) {
        const got = await allPages(
          { view: 'open', agentId: ann, sort, limit: 2, filters },
          { ...QUEUE_PLAN_THRESHOLDS, tagDrivesBelow },
        );
        expect(got, `${sort}, tag plan ${tagDrivesBelow}`).toEqual(want);
      }
    }
  });

  it('counts match the views, after tickets change status, change hands and are deleted', async () => {
    const check = async () => {
      for (const agent of [ann, bob]) {
        const counts = await countQueueViews(db, agent);
        for (const view of QUEUE_VIEWS) expect(counts[view], view).toBe(expected(view, agent, 'updated').length);
      }
    };
    await check();
    const [first, second, third] = fixture;
    await db.updateTable('tickets').set({ status: 'pending', assignee_id: bob }).where('id', '=', first!.id).execute();
    Object.assign(first!, { status: 'pending', assignee: bob });
    await db.updateTable('tickets').set({ assignee_id: null }).where('id', '=', second!.id).execute();
    second!.assignee = null;
    await db.deleteFrom('tickets').where('id', '=', third!.id).execute();
    fixture.splice(fixture.indexOf(third!), 1);
    await check();
  });

  it('refuses a cursor it did not hand out for this sort', async () => {
    const first = await listQueue(db, { view: 'open', agentId: ann, sort: 'updated', limit: 2 });
    expect(first.next).not.toBeNull();
    await expect(listQueue(db, { view: 'open', agentId: ann, sort: 'age', after: first.next })).rejects.toThrow(
      InvalidCursorError,
    );
    for (const cursor of [
      'nonsense',
      Buffer.from('updated.1').toString('base64url'),
      Buffer.from('updated.x.1').toString('base64url'),
    ]) {
      await expect(listQueue(db, { view: 'open', agentId: ann, after: cursor })).rejects.toThrow(InvalidCursorError);
    }
  });

  it('keeps the page size between 1 and 100', async () => {
    expect((await listQueue(db, { view: 'open', agentId: ann, limit: 0 })).rows).toHaveLength(1);
    const all = expected('open', ann, 'updated').length;
    expect((await listQueue(db, { view: 'open', agentId: ann, limit: 1000 })).rows).toHaveLength(Math.min(all, 100));
    expect((await listQueue(db, { view: 'open', agentId: ann })).rows).toHaveLength(Math.min(all, 25));
  });
});

describe('search', () => {
  let invoice: number;
  let password: number;
  let russian: number;
  let noted: number;

  beforeEach(async () => {
    invoice = await addTicket({
      subject: 'Invoice PDF is blank',
      created: T0 + 1000,
      messages: [{ author: 'customer', body: 'When I download INV-2041 the file has no pages.' }],
    });
    password = await addTicket({
      subject: 'Cannot sign in',
      created: T0 + 2000,
      messages: [
        { author: 'customer', body: 'The password reset email never arrives.' },
        { author: 'agent', body: 'Customer uses a corporate spam filter; whitelisting asked.', internal: true },
      ],
    });
    russian = await addTicket({
      subject: 'Не приходит счёт',
      created: T0 + 3000,
      messages: [{ author: 'customer', body: 'Клиент не получил ПАРОЛЬ и счёт за октябрь.' }],
    });
    noted = await addTicket({
      subject: 'Refund for the annual plan',
      created: T0 + 4000,
      messages: [
        { author: 'customer', body: 'I was charged twice for the invoice of March.' },
        { author: 'agent', body: 'Escalated to billing, see the stripe dashboard.', internal: true },
      ],
    });
  });

  /** Every plan: sorting all matches; walking tickets and reading matches two at a time; walking and asking about each. */
  const plans: QueuePlanThresholds[] = [
    { ...QUEUE_PLAN_THRESHOLDS, searchSortsBelow: 1_000_000 },
    { ...QUEUE_PLAN_THRESHOLDS, searchSortsBelow: 0, searchReadsAhead: 1_000_000, searchReadChunk: 2 },
    { ...QUEUE_PLAN_THRESHOLDS, searchSortsBelow: 0, searchReadsAhead: 0 },
  ];
  const search = async (query: string) => {
    const [sorted, ...walked] = await Promise.all(plans.map((thresholds) => searchTickets(db, { query }, thresholds)));
    for (const page of walked) expect(ids(page), `every plan for ${query}`).toEqual(ids(sorted!));
    return ids(sorted!);
  };

  it('finds tickets by subject, customer message and internal note, newest activity first', async () => {
    expect(await search('invoice')).toEqual([noted, invoice]);
    expect(await search('PDF')).toEqual([invoice]);
    expect(await search('password reset')).toEqual([password]);
    expect(await search('stripe')).toEqual([noted]);
    expect(await search('whitelisting')).toEqual([password]);
  });

  it('needs every word somewhere in the ticket, subject and messages together', async () => {
    expect(await search('refund twice')).toEqual([noted]);
    expect(await search('refund pages')).toEqual([]);
  });

  it('matches a hyphenated reference as written', async () => {
    expect(await search('INV-2041')).toEqual([invoice]);
    expect(await search('2041-INV')).toEqual([]);
  });

  it('finds Russian text whatever its case', async () => {
    expect(await search('пароль')).toEqual([russian]);
    expect(await search('СЧЁТ')).toEqual([russian]);
    expect(await search('октябрь клиент')).toEqual([russian]);
  });

  it.each(['"', 'AND OR', '*', 'NEAR(', 'subject:', '(', ')', '-', '^', 'a"b', '""', "'; drop table tickets; --", '\u0000', ''])(
    'treats %j as text, never as a query to fail on',
    async (query) => {
      await expect(search(query)).resolves.toBeInstanceOf(Array);
    },
  );

  it('reads operator words as plain words', async () => {
    const ticket = await addTicket({ subject: 'Sync OR export', messages: [{ author: 'customer', body: 'and nothing else' }] });
    expect(await search('AND OR')).toEqual([ticket]);
    expect(toFtsQuery('say "hi" *')).toBe('"say" """hi"""');
    expect(toFtsQuery('" * -')).toBeNull();
  });

  it('pages through many matches without repeating or skipping one, in both plans', async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 9; i++) {
      numbers.push(await addTicket({ subject: `Export number ${i}`, created: T0 + 10_000 + (i % 3) * 1000 }));
    }
    const want = [...numbers].sort((a, b) => {
      const updated = (n: number) => T0 + 10_000 + (numbers.indexOf(n) % 3) * 1000;
      return updated(b) - updated(a) || b - a;
    });
    for (const thresholds of plans) {
      const got: number[] = [];
      let after: string | null = null;
      do {
        const page = await searchTickets(db, { query: 'export', after, limit: 2 }, thresholds);
        got.push(...ids(page));
        after = page.next;
      } while (after);
      expect(got).toEqual(want);
    }
  });
});

describe('what a queue row shows stays right whoever writes', () => {
  const request = {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    subject: 'Invoice PDF is blank',
    message: 'When I download invoice #42\nthe PDF has no pages.',
    category: 'invoices',
    locale: 'en',
    channel: 'web' as const,
  };
  const row = (id: number) =>
    db.selectFrom('tickets').select(['priority_rank', 'last_message_preview']).where('id', '=', id).executeTakeFirstOrThrow();

  it('follows the ticket service: a new ticket, then the customer replies', async () => {
    const { ticket } = await createTicket(db, new Date(T0), request);
    expect(await row(ticket.id)).toEqual({
      priority_rank: 1,
      last_message_preview: 'When I download invoice #42 the PDF has no pages.',
    });
    await addCustomerReply(db, new Date(T0 + 60_000), ticket, 'Any news?');
    expect((await row(ticket.id)).last_message_preview).toBe('Any news?');
    const page = await searchTickets(db, { query: 'news' });
    expect(ids(page)).toEqual([ticket.id]);
    expect(page.rows[0]?.customer_wrote_last).toBe(true);
  });

  it('ranks every priority, and follows a change of priority', async () => {
    const ranks: Record<string, number> = {};
    for (const priority of ['low', 'normal', 'high', 'urgent'] as const) {
      ranks[priority] = (await row(await addTicket({ priority }))).priority_rank;
    }
    expect(ranks).toEqual({ low: 0, normal: 1, high: 2, urgent: 3 });
    const id = await addTicket({ priority: 'low' });
    await db.updateTable('tickets').set({ priority: 'urgent' }).where('id', '=', id).execute();
    expect((await row(id)).priority_rank).toBe(3);
  });

  it('cuts a long preview at 200 characters, Cyrillic counted as characters', async () => {
    const id = await addTicket({ messages: [{ author: 'customer', body: `${'ж'.repeat(250)}\r\n\tend` }] });
    expect((await row(id)).last_message_preview).toBe('ж'.repeat(200));
  });

  it('follows an edited or deleted message, and a changed subject, in the preview and in search', async () => {
    const id = await addTicket({
      subject: 'Old subject',
      messages: [
        { author: 'customer', body: 'First words' },
        { author: 'agent', body: 'Second words with a typo' },
      ],
    });
    const last = await db
      .selectFrom('messages')
      .select('id')
      .where('ticket_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await db.updateTable('messages').set({ body: 'Second words, corrected' }).where('id', '=', last.id).execute();
    expect((await row(id)).last_message_preview).toBe('Second words, corrected');
    expect(ids(await searchTickets(db, { query: 'typo' }))).toEqual([]);
    expect(ids(await searchTickets(db, { query: 'corrected' }))).toEqual([id]);

    await db.deleteFrom('messages').where('id', '=', last.id).execute();
    expect((await row(id)).last_message_preview).toBe('First words');
    expect(ids(await searchTickets(db, { query: 'corrected' }))).toEqual([]);

    await db.updateTable('tickets').set({ subject: 'New heading' }).where('id', '=', id).execute();
    expect(ids(await searchTickets(db, { query: 'heading first' }))).toEqual([id]);
    expect(ids(await searchTickets(db, { query: 'old' }))).toEqual([]);
  });

  it('forgets a deleted ticket', async () => {
    const id = await addTicket({ subject: 'Delete me', tags: ['gone'] });
    await db.deleteFrom('tickets').where('id', '=', id).execute();
    expect(ids(await searchTickets(db, { query: 'delete' }))).toEqual([]);
    expect(await db.selectFrom('ticket_tags').selectAll().execute()).toEqual([]);
  });
});

describe('tags and opening a ticket', () => {
  it('replaces tags, lowercased and without duplicates', async () => {
    const id = await addTicket({ tags: ['VIP', 'bug'] });
    expect(await setTicketTags(db, id, [' Refund', 'refund', '', 'Bug'])).toEqual(['bug', 'refund']);
    const rows = await db.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', id).orderBy('tag').execute();
    expect(rows.map((row) => row.tag)).toEqual(['bug', 'refund']);
    expect(await setTicketTags(db, id, [])).toEqual([]);
    expect(await db.selectFrom('ticket_tags').selectAll().execute()).toEqual([]);
  });

  it('opens a ticket with every message, internal notes too, and its audit trail', async () => {
    const id = await addTicket({
      messages: [
        { author: 'customer', body: 'Help' },
        { author: 'agent', body: 'Looks like a bug', internal: true },
      ],
    });
    await db
      .insertInto('ticket_events')
      .values({ ticket_id: id, actor_kind: 'agent', actor_id: ann, type: 'assigned', data: '{}', created_at: T0 })
      .execute();
    const opened = await openTicket(db, id);
    expect(opened?.ticket.number).toBe(id);
    expect(opened?.messages.map((message) => [message.body, message.internal])).toEqual([
      ['Help', 0],
      ['Looks like a bug', 1],
    ]);
    expect(opened?.events.map((event) => event.type)).toEqual(['assigned']);
    expect(await openTicket(db, id + 1)).toBeUndefined();
  });
});

describe('query plans', () => {
  /** The same schema on a connection that records every statement it runs. */
  async function recordingDatabase() {
    const sqlite = new SQLite(':memory:');
    const statements: Array<{ sql: string; parameters: readonly unknown[] }> = [];
    const recording = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
      },
    });
    await migrateToLatest(recording);
    return { recording, sqlite, statements };
  }

  it('reads every view, in every sort and on every page, as index ranges in order: no table scan, no sort', async () => {
    const { recording, sqlite, statements } = await recordingDatabase();
    const cursors: Record<QueueSort, string> = {
      updated: Buffer.from(`updated.${T0}.5`).toString('base64url'),
      priority: Buffer.from(`priority.2.${T0}.5`).toString('base64url'),
      age: Buffer.from(`age.${T0}.5`).toString('base64url'),
    };
    const filterSets: QueueFilters[] = [{}, { priority: 'urgent' }, { category: 'billing' }, { assignee: 1 }, { tag: 'vip' }];
    for (const view of QUEUE_VIEWS) {
      for (const sort of QUEUE_SORTS) {
        for (const filters of filterSets) {
          for (const after of [null, cursors[sort]]) {
            statements.length = 0;
            await listQueue(
              recording,
              { view, agentId: 1, sort, after, filters },
              { ...QUEUE_PLAN_THRESHOLDS, tagDrivesBelow: 0 },
            );
            const plan = statements.flatMap((statement) =>
              (
                sqlite.prepare(`explain query plan ${statement.sql}`).all(...statement.parameters) as Array<{ detail: string }>
              ).map((step) => step.detail),
            );
            const where = `${view} by ${sort} ${JSON.stringify(filters)}${after ? ' after a cursor' : ''}`;
            expect(
              plan.filter((detail) => /^SCAN tickets|TEMP B-TREE/.test(detail)),
              where,
            ).toEqual([]);
            // A view and a filter that contradict each other (unassigned, assigned to 1) answer without a query.
            const contradiction = view === 'unassigned' && filters.assignee !== undefined;
            const ranges = plan.some((detail) => /^SEARCH tickets USING (COVERING )?INDEX tickets_/.test(detail));
            expect(ranges, where).toBe(!contradiction);
          }
        }
      }
    }
    statements.length = 0;
    await countQueueViews(recording, 1);
    await searchTickets(recording, { query: 'invoice' }, { ...QUEUE_PLAN_THRESHOLDS, searchSortsBelow: 0 });
    for (const statement of statements) {
      const plan = sqlite.prepare(`explain query plan ${statement.sql}`).all(...statement.parameters) as Array<{
        detail: string;
      }>;
      expect(plan.filter((step) => /^SCAN tickets|TEMP B-TREE/.test(step.detail))).toEqual([]);
    }
    await recording.destroy();
  });
});

describe('the search index, written once per transaction', () => {
  const matching = async (query: string) =>
    (
      await sql<{ id: number }>`select rowid as id from ticket_search where ticket_search match ${query} order by rowid`.execute(
        db,
      )
    ).rows.map((row) => row.id);
  const pending = async () =>
    (await db.selectFrom('ticket_search_pending').select('ticket_id').execute()).map((row) => row.ticket_id);
  const request = (subject: string, message: string) => ({
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    subject,
    message,
    category: null,
    locale: 'en',
    channel: 'web' as const,
  });

  it('holds the tickets a group commit opened, subject and message, before any search', async () => {
    const opened = await Promise.all([
      createTicket(db, new Date(T0), request('Blank invoice', 'The PDF has no pages')),
      createTicket(db, new Date(T0), request('Bank feed', 'Stopped syncing yesterday')),
      createTicket(db, new Date(T0), request('Refund', 'Please refund the last invoice')),
    ]);
    const [blank, bank, refund] = opened.map((created) => created.ticket.id);
    expect(await pending()).toEqual([]);
    expect(await matching('invoice')).toEqual([blank, refund]);
    expect(await matching('syncing')).toEqual([bank]);
    expect(await matching('pages')).toEqual([blank]);
  });

  it('catches up with writes made outside a group commit when someone searches', async () => {
    const id = await addTicket({ subject: 'Export', messages: [{ author: 'customer', body: 'CSV export times out' }] });
    expect(await pending()).toEqual([id]);
    expect(await matching('csv')).toEqual([]);
    expect(ids(await searchTickets(db, { query: 'csv' }))).toEqual([id]);
    expect(await pending()).toEqual([]);
    expect(await matching('csv')).toEqual([id]);
  });

  it('is rolled back with the transaction that noted it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await addTicket({ subject: 'Never stored', messages: [{ author: 'customer', body: 'gone' }] }, trx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await pending()).toEqual([]);
    expect(ids(await searchTickets(db, { query: 'never' }))).toEqual([]);
  });

  it('survives undoing its migration: what was noted is indexed, and the old triggers index again', async () => {
    const noted = await addTicket({ subject: 'Printer jam', messages: [{ author: 'customer', body: 'Paper stuck' }] });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.[0]?.migrationName).toBe('2026-11-27T15-00-search-batching');
    expect(await matching('stuck')).toEqual([noted]);
    const later = await addTicket({ subject: 'Scanner', messages: [{ author: 'customer', body: 'Paper stuck again' }] });
    expect(await matching('stuck')).toEqual([noted, later]);
    await migrateToLatest(db);
    expect(ids(await searchTickets(db, { query: 'paper stuck' })).sort()).toEqual([noted, later]);
  });
});

describe('the queue migration', () => {
  it('gives tickets that existed before it their preview, priority rank and search document', async () => {
    const old = openDatabase(':memory:');
    const migrator = new Migrator({ db: old, provider: { getMigrations: async () => migrations } });
    await migrator.migrateTo('2026-11-27T10-00-agent-sessions');
    await sql`insert into customers (email, name, created_at, updated_at) values ('a@example.com', 'A', 1, 1)`.execute(old);
    await sql`insert into tickets (subject, status, priority, channel, locale, customer_id, created_at, updated_at,
      last_message_at, last_message_author) values ('Bank feed stopped', 'open', 'high', 'web', 'en', 1, 1, 1, 1, 'customer')`.execute(
      old,
    );
    for (const body of ['It stopped syncing.', 'Still broken\nafter reconnecting.']) {
      await sql`insert into messages (ticket_id, author_kind, body, internal, created_at) values (1, 'customer', ${body}, 0, 1)`.execute(
        old,
      );
    }
    await migrateToLatest(old);
    const ticket = await old.selectFrom('tickets').select(['priority_rank', 'last_message_preview']).executeTakeFirstOrThrow();
    expect(ticket).toEqual({ priority_rank: 2, last_message_preview: 'Still broken after reconnecting.' });
    expect(ids(await searchTickets(old, { query: 'syncing bank' }))).toEqual([1]);
    await old.destroy();
  });
});
