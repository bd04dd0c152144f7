import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../migration-helpers';

/**
 * SQLite's ticket search index is written once per transaction instead of once per statement.
 *
 * The triggers of 2026-11-27T11-00-queue rewrote a ticket's FTS5 document on every insert of a ticket or
 * message. FTS5 keeps what a transaction adds in memory and writes it out in one go, but it also writes it
 * out whenever a later statement of the transaction opens a statement savepoint, which every insert with a
 * trigger or an upsert does. So a ticket opened with its first message wrote its document twice, each time
 * as a segment of its own, and the merges of those tiny segments cost more than the ticket's other writes
 * together (measured: 70 of 210 µs of SQLite time per ticket opened in groups of ten).
 *
 * Now the triggers only note which tickets changed, in `ticket_search_pending`; `indexPendingTickets`
 * (db/repositories/queue.ts) rewrites those documents in one statement at the end of each group commit, and
 * before every search, so a search never misses a change. PostgreSQL's per-row `tsvector` has no such cost
 * and keeps its triggers: the table exists there too but stays empty.
 */
/** The triggers this migration replaces, and that `down` puts back as they were. */
const TRIGGERS = [
  'tickets_search_insert',
  'tickets_search_subject',
  'tickets_search_delete',
  'messages_queue_insert',
  'messages_queue_update',
  'messages_queue_delete',
];

/** The preview a queue row shows: the message on one line, at most 200 characters. */
const preview = (body: string) =>
  `substr(trim(replace(replace(replace(${body}, char(13), ' '), char(10), ' '), char(9), ' ')), 1, 200)`;
const refreshPreview = (ticketId: string) =>
  `update tickets set last_message_preview = coalesce((select ${preview('body')} from messages
     where ticket_id = ${ticketId} order by id desc limit 1), '') where id = ${ticketId};`;

async function replaceTriggers(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const trigger of TRIGGERS) await sql`drop trigger ${sql.ref(trigger)}`.execute(db);
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_search_pending')
    .addColumn('ticket_id', 'integer', (col) => col.primaryKey())
    .execute();
  if (isPostgres(db)) return;

  const pending = (ticketId: string) => `insert or ignore into ticket_search_pending (ticket_id) values (${ticketId});`;
  await replaceTriggers(db, [
    `create trigger tickets_search_insert after insert on tickets begin ${pending('new.id')} end`,
    `create trigger tickets_search_subject after update of subject on tickets begin ${pending('new.id')} end`,
    `create trigger tickets_search_delete after delete on tickets begin
       delete from ticket_search where rowid = old.id;
       delete from ticket_search_pending where ticket_id = old.id;
     end`,
    // Message ids only grow, so a new message is the ticket's latest: its preview needs no lookup.
    `create trigger messages_queue_insert after insert on messages begin
       update tickets set last_message_preview = ${preview('new.body')} where id = new.ticket_id;
       ${pending('new.ticket_id')}
     end`,
    `create trigger messages_queue_update after update of body, ticket_id on messages begin
       ${refreshPreview('old.ticket_id')} ${pending('old.ticket_id')}
       ${refreshPreview('new.ticket_id')} ${pending('new.ticket_id')}
     end`,
    `create trigger messages_queue_delete after delete on messages begin
       ${refreshPreview('old.ticket_id')} ${pending('old.ticket_id')}
     end`,
  ]);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    // Documents noted but not yet rewritten are rewritten now, while the table that lists them still exists.
    await sql`insert or replace into ticket_search (rowid, subject, body)
      select t.id, t.subject, coalesce((select group_concat(body, char(10)) from
        (select body from messages where ticket_id = t.id order by id)), '')
      from ticket_search_pending p join tickets t on t.id = p.ticket_id`.execute(db);
    const refreshDocument = (ticketId: string) =>
      `update ticket_search set subject = (select subject from tickets where id = ${ticketId}),
         body = coalesce((select group_concat(body, char(10)) from (select body from messages
           where ticket_id = ${ticketId} order by id)), '') where rowid = ${ticketId};`;
    await replaceTriggers(db, [
      `create trigger tickets_search_insert after insert on tickets begin
         insert into ticket_search (rowid, subject, body) values (new.id, new.subject, '');
       end`,
      `create trigger tickets_search_subject after update of subject on tickets begin ${refreshDocument('new.id')} end`,
      `create trigger tickets_search_delete after delete on tickets begin delete from ticket_search where rowid = old.id; end`,
      `create trigger messages_queue_insert after insert on messages begin
         ${refreshPreview('new.ticket_id')} ${refreshDocument('new.ticket_id')}
       end`,
      `create trigger messages_queue_update after update of body, ticket_id on messages begin
         ${refreshPreview('old.ticket_id')} ${refreshDocument('old.ticket_id')}
         ${refreshPreview('new.ticket_id')} ${refreshDocument('new.ticket_id')}
       end`,
      `create trigger messages_queue_delete after delete on messages begin
         ${refreshPreview('old.ticket_id')} ${refreshDocument('old.ticket_id')}
       end`,
    ]);
  }
  await db.schema.dropTable('ticket_search_pending').execute();
}
