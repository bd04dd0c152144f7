import type { Kysely, Transaction } from 'kysely';
import type { Customer, Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The customer with this email address, created on first contact. A returning customer's name is
 * updated to the one they typed last, since that's how they want to be addressed now.
 */
export async function upsertCustomer(db: Db, input: { email: string; name: string }, now: number): Promise<Customer> {
  const email = input.email.trim().toLowerCase();
  return db
    .insertInto('customers')
    .values({ email, name: input.name, created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('email').doUpdateSet({ name: input.name, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findCustomerById(db: Db, id: number): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}
