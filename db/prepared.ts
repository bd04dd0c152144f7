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
 * decides nothing about the query's shape, so placeholders can't stand in for lists (`in`), for optional
 * columns left out, or for anything Kysely inspects; those queries stay ordinary ones.
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
