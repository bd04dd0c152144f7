import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';
import type { Database } from './schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Stands in for a value while a prepared query is compiled; replaced by the caller's value at each run. */
class Placeholder {
  constructor(readonly name: string) {}
}

/**
 * A query built and compiled once, run many times with new values: for the few statements on a hot path
 * (opening a ticket runs five), where building and compiling with Kysely costs as much as SQLite running them.
 *
 * `build` receives the database and an object whose every field is a placeholder for the value of that name:
 * use each one where the value goes (`values({ subject: p.subject })`, `where('id', '=', p.id)`). A value
 * decides nothing about the query's shape, so placeholders can't stand in for lists (`in`) or anything else
 * Kysely inspects; those queries stay ordinary ones. Every column named is always sent: a value left out
 * binds NULL, never the column's default.
 */
export function prepareQuery<Params extends object, Row>(
  build: (db: Kysely<Database>, params: Params) => Compilable<Row>,
): (db: Db, params: Params) => Promise<QueryResult<Row>> {
  let compiled: { template: CompiledQuery<Row>; adapter: unknown } | undefined;
  const placeholders = new Proxy({} as Params, {
    get: (_target, name) => (typeof name === 'string' ? new Placeholder(name) : undefined),
  });
  return (db, params) => {
    const adapter = db.getExecutor().adapter;
    // Compiled for the database it first runs on; another dialect (a test on PostgreSQL) compiles its own.
    if (compiled?.adapter !== adapter) compiled = { template: build(db, placeholders).compile(), adapter };
    const { template } = compiled;
    const values = params as Record<string, unknown>;
    const parameters = template.parameters.map((parameter) =>
      parameter instanceof Placeholder ? (values[parameter.name] ?? null) : parameter,
    );
    return db.executeQuery<Row>({ ...template, parameters });
  };
}

/** The one row a `returning` query gives back; a missing one is a bug, not a state to handle. */
export function onlyRow<Row>({ rows }: QueryResult<Row>, query: string): Row {
  const row = rows[0];
  if (row === undefined) throw new Error(`${query} returned no row.`);
  return row;
}
