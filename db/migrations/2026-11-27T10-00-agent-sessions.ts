import type { Kysely } from 'kysely';
import { createTableWithId } from '../migration-helpers';

/** Agent sign-in: sessions, the first-run setup token, and failed sign-in counters for throttling. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('agents')
    .addColumn('updated_at', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();

  // A session token is `<id>.<secret>`: the id finds the row, only the secret's SHA-256 is stored.
  await db.schema
    .createTable('agent_sessions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('agent_id', 'integer', (col) => col.notNull().references('agents.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('refreshed_at', 'bigint', (col) => col.notNull())
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('agent_sessions_agent_idx').on('agent_sessions').column('agent_id').execute();

  await createTableWithId(db, 'setup_tokens')
    .addColumn('token_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();

  // Failed sign-ins per account (`account:<email>`) and per address (`ip:<address>`).
  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('window_started_at', 'bigint', (col) => col.notNull())
    .addColumn('locked_until', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
  await db.schema.dropTable('setup_tokens').execute();
  await db.schema.dropTable('agent_sessions').execute();
  await db.schema.alterTable('agents').dropColumn('updated_at').execute();
}
