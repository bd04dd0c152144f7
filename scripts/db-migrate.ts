/**
 * `npm run db:migrate`: applies pending migrations to the database `DATABASE_URL` names (the server also
 * does this on start), and says what it did.
 */
import { DEFAULT_DATABASE_URL, migrateToLatest, openDatabase } from '../db/connection';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const db = openDatabase(url);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length > 0 ? `Applied to ${url}: ${applied.join(', ')}` : `${url} is up to date.`);
} catch (error) {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  console.error(`${error instanceof Error ? error.message : String(error)}${cause}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
