import { sql, type Kysely } from 'kysely';
import { createTableWithId, isPostgres, oneOf } from '../migration-helpers';

/**
 * Email as a channel in: every message read from the support mailbox (and what became of it), files that
 * came with messages, and the customer's "my tickets" links and sessions. The outbox may now carry email
 * that belongs to no ticket (the "my tickets" link), so its `ticket_id` becomes optional, and email that is
 * useless after a while (that link) carries the moment it stops being worth sending.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);

  // Keyed by Message-ID (a hash of the message when it has none): a message read twice is handled once.
  await createTableWithId(db, 'inbound_emails')
    .addColumn('message_id', 'text', (col) => col.notNull().unique())
    // SHA-256 of the bytes: the same Message-ID on different mail (some senders reuse one) is not a repeat.
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('from_address', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) =>
      col.notNull().check(oneOf('outcome', ['ticket_created', 'reply_added', 'ignored', 'rejected'])),
    )
    .addColumn('reason', 'text')
    .addColumn('ticket_id', 'integer', (col) => col.references('tickets.id').onDelete('set null'))
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('handled_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('inbound_emails_ticket_idx').on('inbound_emails').columns(['ticket_id', 'id']).execute();
  await db.schema.createIndex('inbound_emails_outcome_idx').on('inbound_emails').columns(['outcome', 'id']).execute();
  // How much one sender sent lately: a flood from one address is a mail loop.
  await db.schema.createIndex('inbound_emails_sender_idx').on('inbound_emails').columns(['from_address', 'handled_at']).execute();

  // `content` is null when the file was over the size limit: the message says so, and the name stays.
  await createTableWithId(db, 'attachments')
    .addColumn('message_id', 'integer', (col) => col.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('filename', 'text', (col) => col.notNull())
    .addColumn('content_type', 'text', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('content', postgres ? 'bytea' : 'blob')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('attachments_message_idx').on('attachments').column('message_id').execute();

  // The single-use link a customer asks for on /tickets; only its hash is kept.
  await createTableWithId(db, 'customer_links')
    .addColumn('customer_id', 'integer', (col) => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('customer_links_customer_idx')
    .on('customer_links')
    .columns(['customer_id', 'created_at'])
    .execute();

  // What a used link turns into: a short session, token `<id>.<secret>` like an agent's.
  await db.schema
    .createTable('customer_sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('customer_id', 'integer', (col) => col.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();

  if (postgres) {
    await db.schema
      .alterTable('outbox')
      .alterColumn('ticket_id', (col) => col.dropNotNull())
      .execute();
    await db.schema
      .alterTable('outbox')
      .addColumn('customer_id', 'integer', (col) => col.references('customers.id').onDelete('cascade'))
      .execute();
    await db.schema.alterTable('outbox').addColumn('expires_at', 'bigint').execute();
    return;
  }
  // SQLite can't relax NOT NULL in place: the table is rebuilt with the same rows and ids.
  await sql`create table outbox_new (
    id integer primary key autoincrement,
    kind text not null,
    ticket_id integer references tickets(id) on delete cascade,
    customer_id integer references customers(id) on delete cascade,
    message_id text not null unique,
    to_address text not null,
    to_name text not null,
    subject text not null,
    text_body text not null,
    html_body text not null,
    in_reply_to text,
    "references" text,
    reply_to text not null,
    status text not null check (status in ('pending', 'sent', 'failed')),
    attempts integer not null default 0,
    next_attempt_at bigint not null,
    last_error text,
    created_at bigint not null,
    sent_at bigint,
    expires_at bigint
  )`.execute(db);
  await sql`insert into outbox_new (id, kind, ticket_id, message_id, to_address, to_name, subject, text_body, html_body,
      in_reply_to, "references", reply_to, status, attempts, next_attempt_at, last_error, created_at, sent_at)
    select id, kind, ticket_id, message_id, to_address, to_name, subject, text_body, html_body,
      in_reply_to, "references", reply_to, status, attempts, next_attempt_at, last_error, created_at, sent_at
    from outbox`.execute(db);
  await sql`drop table outbox`.execute(db);
  await sql`alter table outbox_new rename to outbox`.execute(db);
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at', 'id']).execute();
  await db.schema.createIndex('outbox_ticket_idx').on('outbox').columns(['ticket_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('outbox').where('ticket_id', 'is', null).execute();
  // On SQLite the rebuilt outbox keeps its optional ticket and its customer column: both are harmless to the
  // earlier code, and narrowing them back would be another rebuild.
  if (isPostgres(db)) {
    await db.schema.alterTable('outbox').dropColumn('expires_at').execute();
    await db.schema.alterTable('outbox').dropColumn('customer_id').execute();
    await db.schema
      .alterTable('outbox')
      .alterColumn('ticket_id', (col) => col.setNotNull())
      .execute();
  }
  await db.schema.dropTable('customer_sessions').execute();
  await db.schema.dropTable('customer_links').execute();
  await db.schema.dropTable('attachments').execute();
  await db.schema.dropTable('inbound_emails').execute();
}
