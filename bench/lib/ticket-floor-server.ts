/**
 * The floor for bench:api's ticket creation: what opening a ticket costs on this machine with nothing of
 * Docket's but its schema. A bare `node:http` server parses the JSON, checks the fields by hand and runs the
 * very statements Docket sends (customer, ticket, message, key, event, then the batch's search documents)
 * through prepared better-sqlite3 statements, with Docket's durability: group commit, `synchronous = FULL`,
 * and the 201 sent after the commit. No Hono, no zod, no Kysely, no rate limit, no request id.
 *
 * Run by bench/api.ts: `PORT=… DATABASE_URL=… node --import tsx bench/lib/ticket-floor-server.ts`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import SQLite from 'better-sqlite3';
import { migrateToLatest, openDatabase } from '../../db/connection';
import { INDEX_PENDING_TICKETS_SQL } from '../../db/repositories/queue';

const file = process.env.DATABASE_URL;
const port = Number(process.env.PORT);
if (!file || !Number.isInteger(port)) throw new Error('Set DATABASE_URL (a SQLite file) and PORT.');

const migrating = openDatabase(file);
await migrateToLatest(migrating);
await migrating.destroy();

const sqlite = new SQLite(file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('synchronous = FULL');
const statements = {
  customer: sqlite.prepare(`insert into customers (email, name, created_at, updated_at) values (?, ?, ?, ?)
    on conflict (email) do update set name = excluded.name, updated_at = excluded.updated_at returning id`),
  ticket: sqlite.prepare(`insert into tickets (subject, status, priority, category, channel, locale, customer_id,
    assignee_id, created_at, updated_at, first_response_at, solved_at, last_message_at, last_message_author)
    values (?, 'new', 'normal', null, 'web', ?, ?, null, ?, ?, null, null, ?, 'customer') returning id`),
  message: sqlite.prepare(`insert into messages (ticket_id, author_kind, author_customer_id, author_agent_id, body,
    internal, created_at) values (?, 'customer', ?, null, ?, 0, ?)`),
  key: sqlite.prepare('insert into ticket_keys (ticket_id, key_hash, created_at) values (?, ?, ?)'),
  event: sqlite.prepare(`insert into ticket_events (ticket_id, actor_kind, actor_id, type, data, created_at)
    values (?, 'customer', ?, 'created', '{"channel":"web"}', ?)`),
  index: sqlite.prepare(INDEX_PENDING_TICKETS_SQL),
  indexed: sqlite.prepare('delete from ticket_search_pending'),
};

interface NewTicket {
  name: string;
  email: string;
  subject: string;
  message: string;
  locale: string;
}

const openTickets = sqlite.transaction((tickets: NewTicket[]) => {
  const opened = tickets.map((ticket) => {
    const at = Date.now();
    const key = randomBytes(20).toString('base64url');
    const { id: customer } = statements.customer.get(ticket.email.toLowerCase(), ticket.name, at, at) as { id: number };
    const { id } = statements.ticket.get(ticket.subject, ticket.locale, customer, at, at, at) as { id: number };
    statements.message.run(id, customer, ticket.message, at);
    statements.key.run(id, createHash('sha256').update(key).digest('hex'), at);
    statements.event.run(id, customer, at);
    return { id, key };
  });
  statements.index.run();
  statements.indexed.run();
  return opened;
});

let waiting: Array<{ ticket: NewTicket; answer: (opened: { id: number; key: string }) => void }> = [];
function commitWaiting() {
  const group = waiting;
  waiting = [];
  const opened = openTickets(group.map((write) => write.ticket));
  group.forEach((write, index) => write.answer(opened[index]!));
}

const isText = (value: unknown, min: number, max: number) =>
  typeof value === 'string' && value.length >= min && value.length <= max;

createServer((request, response) => {
  if (request.url === '/__bench/hello') {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let ticket: NewTicket;
    try {
      ticket = JSON.parse(Buffer.concat(chunks).toString('utf8')) as NewTicket;
    } catch {
      response.writeHead(400).end();
      return;
    }
    const valid =
      isText(ticket.name, 1, 200) &&
      isText(ticket.email, 3, 254) &&
      ticket.email.includes('@') &&
      isText(ticket.subject, 3, 200) &&
      isText(ticket.message, 10, 20_000) &&
      isText(ticket.locale, 2, 2);
    if (!valid) {
      response.writeHead(400).end();
      return;
    }
    if (waiting.length === 0) setImmediate(commitWaiting);
    waiting.push({
      ticket,
      answer: ({ id, key }) =>
        response
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ number: id, status_url: `/tickets/${id}?key=${key}` })),
    });
  });
}).listen(port, '127.0.0.1');
