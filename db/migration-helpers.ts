import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

/** Whether a migration runs on PostgreSQL: the few places where the two databases spell a thing differently. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * `CREATE TABLE name (id …)` with an id the database assigns and never reuses: an identity column on
 * PostgreSQL, `INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite.
 */
export function createTableWithId(db: Kysely<any>, name: string) {
  const table = db.schema.createTable(name);
  return isPostgres(db)
    ? table.addColumn('id', 'integer', (col) => col.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement());
}

/** A CHECK that a text column holds one of a fixed set of values. */
export function oneOf(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}
