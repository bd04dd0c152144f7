import type { Kysely } from 'kysely';
import { createTableWithId, oneOf } from '../migration-helpers';

/** Customers, tickets, their messages, keys and audit trail; deflection funnel and article feedback. */
export async function up(db: Kysely<any>): Promise<void> {
  await createTableWithId(db, 'agents')
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('role', 'text', (col) => col.notNull().check(oneOf('role', ['agent', 'admin'])))
    .addColumn('disabled', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await createTableWithId(db, 'customers')
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute();

  await createTableWithId(db, 'tickets')
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', ['new', 'open', 'pending', 'solved', 'closed'])))
    .addColumn('priority', 'text', (col) => col.notNull().check(oneOf('priority', ['low', 'normal', 'high', 'urgent'])))
    .addColumn('category', 'text')
    .addColumn('channel', 'text', (col) => col.notNull().check(oneOf('channel', ['web', 'email', 'api'])))
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'integer', (col) => col.notNull().references('customers.id'))
    .addColumn('assignee_id', 'integer', (col) => col.references('agents.id'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('first_response_at', 'bigint')
    .addColumn('solved_at', 'bigint')
    .addColumn('last_message_at', 'bigint', (col) => col.notNull())
    .addColumn('last_message_author', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('tickets_customer_idx').on('tickets').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('tickets_status_updated_idx').on('tickets').columns(['status', 'updated_at', 'id']).execute();
  await db.schema.createIndex('tickets_assignee_idx').on('tickets').columns(['assignee_id', 'status', 'updated_at']).execute();

  await createTableWithId(db, 'ticket_keys')
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('ticket_keys_ticket_idx').on('ticket_keys').column('ticket_id').execute();

  await createTableWithId(db, 'messages')
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('author_kind', 'text', (col) => col.notNull().check(oneOf('author_kind', ['customer', 'agent', 'system'])))
    .addColumn('author_customer_id', 'integer', (col) => col.references('customers.id'))
    .addColumn('author_agent_id', 'integer', (col) => col.references('agents.id'))
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('internal', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('messages_ticket_idx').on('messages').columns(['ticket_id', 'id']).execute();

  await createTableWithId(db, 'ticket_events')
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('actor_kind', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('ticket_events_ticket_idx').on('ticket_events').columns(['ticket_id', 'id']).execute();

  await createTableWithId(db, 'deflection_events')
    .addColumn('kind', 'text', (col) => col.notNull().check(oneOf('kind', ['shown', 'clicked', 'resolved'])))
    .addColumn('visit_id', 'text', (col) => col.notNull())
    .addColumn('query', 'text', (col) => col.notNull())
    .addColumn('article_id', 'text', (col) => col.notNull())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('position', 'integer')
    .addColumn('ticket_id', 'integer', (col) => col.references('tickets.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('deflection_events_created_idx').on('deflection_events').columns(['created_at', 'kind']).execute();

  await createTableWithId(db, 'article_feedback')
    .addColumn('article_id', 'text', (col) => col.notNull())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('helpful', 'integer', (col) => col.notNull())
    .addColumn('comment', 'text')
    .addColumn('voter_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('article_feedback_one_vote', ['article_id', 'locale', 'voter_hash'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'article_feedback',
    'deflection_events',
    'ticket_events',
    'messages',
    'ticket_keys',
    'tickets',
    'customers',
    'agents',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
