import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type SqliteDatabase } from 'kysely';
import { migrations } from './migrations';
import type { Database } from './schema';

/** Where Docket keeps its data unless `DATABASE_URL` says otherwise. */
export const DEFAULT_DATABASE_URL = './data/docket.db';

/** A SQLite file path, `sqlite:` URL, or `:memory:` for tests. */
function sqlitePath(url: string): string {
  if (url === ':memory:') return url;
  if (url.startsWith('sqlite://')) return url.slice('sqlite://'.length);
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length);
  if (url.startsWith('file:')) return url.slice('file:'.length);
  return url;
}

/**
 * Opens the database named by a URL. SQLite runs in WAL mode (readers never wait for the writer),
 * with foreign keys enforced and a busy timeout so a second process waits instead of failing.
 */
export function openDatabase(url: string = DEFAULT_DATABASE_URL): Kysely<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('PostgreSQL is not supported yet: set DATABASE_URL to a SQLite file path.');
  }
  const path = sqlitePath(url);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: every commit is fsynced before it returns, so "201 Created" means the ticket survives a power cut.
  sqlite.pragma('synchronous = FULL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/** Statements kept per connection; Docket's queries are a few hundred shapes, so this bound is never reached in use. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Kysely prepares every query afresh, and preparing costs as much as running a small insert. The same SQL
 * text always gets the same compiled statement back instead (better-sqlite3 statements are reusable and
 * re-prepare themselves after a schema change).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name and cause. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error) {
    const name = failed ? ` ${failed.migrationName}` : '';
    throw new Error(`Database migration${name} failed.`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
