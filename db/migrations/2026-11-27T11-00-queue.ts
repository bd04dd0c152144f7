import { sql, type Kysely } from 'kysely';
import { createTableWithId, isPostgres } from '../migration-helpers';

/**
 * The agent queue: tags, canned replies, what a queue row shows without a join (last message preview,
 * priority as a sortable number), the indexes every view and sort walks, and full-text search.
 *
 * Indexes. Each queue page is a keyset range scan on one of these, in the order the page is sorted:
 *
 *   sort       all assignees (open, pending, solved)        one assignee or nobody (mine, unassigned)
 *   updated    tickets_status_updated_idx (existing)        tickets_assignee_idx (existing)
 *   priority   tickets_status_priority_idx                  tickets_assignee_priority_idx
 *   age        tickets_status_created_idx                   tickets_assignee_created_idx
 *
 * Views that span several statuses (new, open and pending) walk one range per status and merge them
 * (a UNION ALL under one ORDER BY … LIMIT: SQLite merges sorted arms, PostgreSQL does a Merge Append),
 * so no status needs an index of its own. Four new indexes, six in all: every ticket insert writes all
 * six, a new `updated_at` four of them. So filters (priority, category, tag) get no index of their own:
 * they are checked during the walk, a priority inside the index itself; a rarely used tag is read from
 * `ticket_tags_tag_idx` instead (see db/repositories/queue.ts).
 *
 * Counts. Counting a view's index range takes ~60 ms at a million tickets (most of them in `open` and
 * `solved`), too slow to show beside every queue name on every page; `ticket_counts` keeps the number of
 * tickets per status and assignee instead, updated by triggers in the same transaction as the ticket.
 * It has at most (statuses × agents) rows.
 *
 * Full-text search keeps one document per ticket (subject + every message, internal notes included:
 * agents search them), not one per message: a search is for tickets, so "invoice blank" must find a
 * ticket whose subject says "invoice" and whose message says "blank", and the ticket's number is the
 * document id the queue joins on. The document is rewritten when a message arrives: conversations are a
 * few messages long, and re-indexing one costs a few tenths of a millisecond. On SQLite it is a
 * contentless FTS5 table (the text is already in `tickets` and `messages`; `contentless_delete` lets
 * triggers replace a document without repeating its old text); on PostgreSQL a `tsvector` per ticket
 * under a GIN index. Both use language-neutral tokens (no stemming): tickets come in English, Russian
 * and whatever else customers write.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);

  const tags = db.schema
    .createTable('ticket_tags')
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('tag', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag']);
  // The primary key is the only thing stored per tag; on SQLite a rowid beside it would double the table.
  await (postgres ? tags : tags.modifyEnd(sql`without rowid`)).execute();
  await db.schema.createIndex('ticket_tags_tag_idx').on('ticket_tags').columns(['tag', 'ticket_id']).execute();

  await createTableWithId(db, 'canned_replies')
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('agents.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  // A generated column rather than one the code writes: it cannot disagree with `priority`, whoever
  // writes the ticket, and it needs no backfill. SQLite can only add virtual ones (still indexable).
  await db.schema
    .alterTable('tickets')
    .addColumn('priority_rank', 'integer', (col) => {
      const generated = col
        .generatedAlwaysAs(sql`case priority when 'low' then 0 when 'normal' then 1 when 'high' then 2 when 'urgent' then 3 end`)
        .notNull();
      return postgres ? generated.stored() : generated;
    })
    .execute();
  await db.schema
    .alterTable('tickets')
    .addColumn('last_message_preview', 'text', (col) => col.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('ticket_counts')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('assignee_key', 'integer', (col) => col.notNull())
    .addColumn('tickets', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('ticket_counts_pk', ['status', 'assignee_key'])
    .execute();

  await db.schema
    .createIndex('tickets_status_priority_idx')
    .on('tickets')
    .columns(['status', 'priority_rank', 'updated_at', 'id'])
    .execute();
  // `priority_rank` trails the age indexes so that a priority filter on the age sort is checked in the index,
  // without reading each ticket's row (6× faster on a long walk).
  await db.schema
    .createIndex('tickets_status_created_idx')
    .on('tickets')
    .columns(['status', 'created_at', 'id', 'priority_rank'])
    .execute();
  await db.schema
    .createIndex('tickets_assignee_priority_idx')
    .on('tickets')
    .columns(['assignee_id', 'status', 'priority_rank', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('tickets_assignee_created_idx')
    .on('tickets')
    .columns(['assignee_id', 'status', 'created_at', 'id', 'priority_rank'])
    .execute();

  if (postgres) await createPostgresTriggers(db);
  else await createSqliteTriggers(db);
  await sql`insert into ticket_counts (status, assignee_key, tickets)
    select status, coalesce(assignee_id, 0), count(*) from tickets group by status, coalesce(assignee_id, 0)`.execute(db);
}

/** The preview a queue row shows: the message on one line, at most 200 characters. */
const SQLITE_PREVIEW = (body: string) =>
  `substr(trim(replace(replace(replace(${body}, char(13), ' '), char(10), ' '), char(9), ' ')), 1, 200)`;

async function createSqliteTriggers(db: Kysely<any>): Promise<void> {
  const latestPreview = (ticketId: string) =>
    `coalesce((select ${SQLITE_PREVIEW('body')} from messages where ticket_id = ${ticketId} order by id desc limit 1), '')`;
  const refreshPreview = (ticketId: string) =>
    `update tickets set last_message_preview = ${latestPreview(ticketId)} where id = ${ticketId};`;

  // The ticket's search document: its subject, and its messages in the order they were written.
  await sql`create virtual table ticket_search using fts5(
    subject, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);
  const conversation = (ticketId: string) =>
    `coalesce((select group_concat(body, char(10)) from (select body from messages where ticket_id = ${ticketId} order by id)), '')`;
  const refreshDocument = (ticketId: string) =>
    `update ticket_search set subject = (select subject from tickets where id = ${ticketId}),
       body = ${conversation(ticketId)} where rowid = ${ticketId};`;

  const countIn = (row: string) => `insert into ticket_counts (status, assignee_key, tickets)
       values (${row}.status, coalesce(${row}.assignee_id, 0), 1)
       on conflict (status, assignee_key) do update set tickets = tickets + 1;`;
  const countOut = (row: string) => `update ticket_counts set tickets = tickets - 1
       where status = ${row}.status and assignee_key = coalesce(${row}.assignee_id, 0);`;

  const statements = [
    `create trigger tickets_counts_insert after insert on tickets begin ${countIn('new')} end`,
    `create trigger tickets_counts_delete after delete on tickets begin ${countOut('old')} end`,
    `create trigger tickets_counts_update after update of status, assignee_id on tickets
       when old.status is not new.status or old.assignee_id is not new.assignee_id
     begin ${countOut('old')} ${countIn('new')} end`,
    `create trigger tickets_search_insert after insert on tickets begin
       insert into ticket_search (rowid, subject, body) values (new.id, new.subject, '');
     end`,
    `create trigger tickets_search_subject after update of subject on tickets begin
       ${refreshDocument('new.id')}
     end`,
    `create trigger tickets_search_delete after delete on tickets begin
       delete from ticket_search where rowid = old.id;
     end`,
    `create trigger messages_queue_insert after insert on messages begin
       ${refreshPreview('new.ticket_id')}
       ${refreshDocument('new.ticket_id')}
     end`,
    // Edits and deletions are rare (redaction, merging tickets); they recompute from what is left.
    `create trigger messages_queue_update after update of body, ticket_id on messages begin
       ${refreshPreview('old.ticket_id')}
       ${refreshDocument('old.ticket_id')}
       ${refreshPreview('new.ticket_id')}
       ${refreshDocument('new.ticket_id')}
     end`,
    `create trigger messages_queue_delete after delete on messages begin
       ${refreshPreview('old.ticket_id')}
       ${refreshDocument('old.ticket_id')}
     end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);

  // Backfill: every existing ticket gets its preview and its search document.
  await sql.raw(`update tickets set last_message_preview = ${latestPreview('tickets.id')}`).execute(db);
  await sql
    .raw(`insert into ticket_search (rowid, subject, body) select id, subject, ${conversation('tickets.id')} from tickets`)
    .execute(db);
  // One bulk insert leaves many segments half-merged, and every later write would pay to finish merging
  // them (2 ms a ticket at a million tickets instead of 0.2 ms): merge them all now, once.
  await sql`insert into ticket_search (ticket_search) values ('optimize')`.execute(db);
}

/** The same triggers on PostgreSQL, in PL/pgSQL. Not run by the tests (they use SQLite); kept in step by review. */
async function createPostgresTriggers(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table ticket_search (
       ticket_id integer primary key references tickets (id) on delete cascade,
       document tsvector not null
     )`,
    `create index ticket_search_document_idx on ticket_search using gin (document)`,
    `create function docket_refresh_ticket_queue(p_ticket_id integer) returns void language sql as $$
       update tickets set last_message_preview = coalesce((
         select left(btrim(regexp_replace(body, '\\s+', ' ', 'g')), 200)
         from messages where ticket_id = p_ticket_id order by id desc limit 1
       ), '') where id = p_ticket_id;
       insert into ticket_search (ticket_id, document)
       select t.id, to_tsvector('simple', t.subject) || to_tsvector('simple', coalesce(
         (select string_agg(m.body, E'\\n' order by m.id) from messages m where m.ticket_id = t.id), ''))
       from tickets t where t.id = p_ticket_id
       on conflict (ticket_id) do update set document = excluded.document;
     $$`,
    `create function docket_tickets_queue_trigger() returns trigger language plpgsql as $$
       begin
         perform docket_refresh_ticket_queue(new.id);
         return null;
       end
     $$`,
    `create trigger tickets_queue_insert after insert on tickets
       for each row execute function docket_tickets_queue_trigger()`,
    `create trigger tickets_queue_subject after update of subject on tickets
       for each row execute function docket_tickets_queue_trigger()`,
    `create function docket_messages_queue_trigger() returns trigger language plpgsql as $$
       begin
         if tg_op in ('UPDATE', 'DELETE') then perform docket_refresh_ticket_queue(old.ticket_id); end if;
         if tg_op in ('INSERT', 'UPDATE') then perform docket_refresh_ticket_queue(new.ticket_id); end if;
         return null;
       end
     $$`,
    `create trigger messages_queue_insert after insert or delete or update of body, ticket_id on messages
       for each row execute function docket_messages_queue_trigger()`,
    `create function docket_ticket_counts_trigger() returns trigger language plpgsql as $$
       begin
         if tg_op in ('UPDATE', 'DELETE') then
           update ticket_counts set tickets = tickets - 1
           where status = old.status and assignee_key = coalesce(old.assignee_id, 0);
         end if;
         if tg_op in ('INSERT', 'UPDATE') then
           insert into ticket_counts (status, assignee_key, tickets) values (new.status, coalesce(new.assignee_id, 0), 1)
           on conflict (status, assignee_key) do update set tickets = ticket_counts.tickets + 1;
         end if;
         return null;
       end
     $$`,
    `create trigger tickets_counts_insert after insert or delete on tickets
       for each row execute function docket_ticket_counts_trigger()`,
    `create trigger tickets_counts_update after update of status, assignee_id on tickets
       for each row when (old.status is distinct from new.status or old.assignee_id is distinct from new.assignee_id)
       execute function docket_ticket_counts_trigger()`,
    `select docket_refresh_ticket_queue(id) from tickets`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger tickets_counts_update on tickets`.execute(db);
    await sql`drop trigger tickets_counts_insert on tickets`.execute(db);
    await sql`drop function docket_ticket_counts_trigger()`.execute(db);
    await sql`drop trigger messages_queue_insert on messages`.execute(db);
    await sql`drop trigger tickets_queue_subject on tickets`.execute(db);
    await sql`drop trigger tickets_queue_insert on tickets`.execute(db);
    await sql`drop function docket_messages_queue_trigger()`.execute(db);
    await sql`drop function docket_tickets_queue_trigger()`.execute(db);
    await sql`drop function docket_refresh_ticket_queue(integer)`.execute(db);
  } else {
    for (const trigger of [
      'messages_queue_delete',
      'messages_queue_update',
      'messages_queue_insert',
      'tickets_search_delete',
      'tickets_search_subject',
      'tickets_search_insert',
      'tickets_counts_update',
      'tickets_counts_delete',
      'tickets_counts_insert',
    ]) {
      await sql`drop trigger ${sql.ref(trigger)}`.execute(db);
    }
  }
  await db.schema.dropTable('ticket_search').execute();
  for (const index of [
    'tickets_assignee_created_idx',
    'tickets_assignee_priority_idx',
    'tickets_status_created_idx',
    'tickets_status_priority_idx',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('tickets').dropColumn('last_message_preview').execute();
  await db.schema.alterTable('tickets').dropColumn('priority_rank').execute();
  await db.schema.dropTable('ticket_counts').execute();
  await db.schema.dropTable('canned_replies').execute();
  await db.schema.dropTable('ticket_tags').execute();
}
