import type { Kysely } from 'kysely';
import { createTableWithId, oneOf } from '../migration-helpers';

/**
 * The email outbox: every notification is written in the same transaction as the change that causes it,
 * and a worker sends it with retries. A row is the whole email as it will be sent, Message-ID included,
 * so a retry after a crash sends the very same message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await createTableWithId(db, 'outbox')
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (col) => col.notNull().unique())
    .addColumn('to_address', 'text', (col) => col.notNull())
    .addColumn('to_name', 'text', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('text_body', 'text', (col) => col.notNull())
    .addColumn('html_body', 'text', (col) => col.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('references', 'text')
    .addColumn('reply_to', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', ['pending', 'sent', 'failed'])))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (col) => col.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at', 'id']).execute();
  await db.schema.createIndex('outbox_ticket_idx').on('outbox').columns(['ticket_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
}
