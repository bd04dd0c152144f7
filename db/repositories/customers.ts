import type { Kysely, Transaction } from 'kysely';
import { onlyRow, prepareQuery } from '../prepared';
import type { Customer, Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

// Every ticket opened runs it: prepared, it skips Kysely's build and compile.
const upsertCustomerQuery = prepareQuery((db, p: { email: string; name: string; now: number }) =>
  db
    .insertInto('customers')
    .values({ email: p.email, name: p.name, created_at: p.now, updated_at: p.now })
    .onConflict((conflict) => conflict.column('email').doUpdateSet({ name: p.name, updated_at: p.now }))
    .returningAll(),
);

/**
 * The customer with this email address, created on first contact. A returning customer's name is
 * updated to the one they typed last, since that's how they want to be addressed now.
 */
export async function upsertCustomer(db: Db, input: { email: string; name: string }, now: number): Promise<Customer> {
  const email = input.email.trim().toLowerCase();
  return onlyRow(await upsertCustomerQuery(db, { email, name: input.name, now }), 'Upserting a customer');
}

export async function findCustomerById(db: Db, id: number): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}
