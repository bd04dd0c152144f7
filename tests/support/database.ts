import type { Kysely } from 'kysely';
import { migrateToLatest, openDatabase } from '../../db/connection';
import type { Database } from '../../db/schema';

/** A fresh in-memory SQLite database with every migration applied: the real schema, nothing shared. */
export async function createTestDatabase(): Promise<Kysely<Database>> {
  const db = openDatabase(':memory:');
  await migrateToLatest(db);
  return db;
}
