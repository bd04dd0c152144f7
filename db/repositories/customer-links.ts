import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Customer, CustomerLinkTable, CustomerSessionTable, Database, Ticket } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;
type CustomerLink = Selectable<CustomerLinkTable>;
type CustomerSession = Selectable<CustomerSessionTable>;

/** The customer with this address (lowercased, as stored), only if they have opened at least one ticket. */
export async function findCustomerWithTickets(db: Db, email: string): Promise<Customer | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .where((eb) => eb.exists(eb.selectFrom('tickets').select('tickets.id').whereRef('tickets.customer_id', '=', 'customers.id')))
    .executeTakeFirst();
}

/** How many links a customer was sent since a moment, and when the latest was: what the throttle needs. */
export async function countLinksSince(
  db: Db,
  customerId: number,
  since: number,
): Promise<{ count: number; latest: number | null }> {
  const row = await db
    .selectFrom('customer_links')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('created_at').as('latest')])
    .where('customer_id', '=', customerId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), latest: row.latest === null ? null : Number(row.latest) };
}

export async function insertCustomerLink(
  db: Db,
  link: { customer_id: number; token_hash: string; created_at: number; expires_at: number },
): Promise<void> {
  await db
    .insertInto('customer_links')
    .values({ ...link, used_at: null })
    .execute();
}

/**
 * Marks a link used, in one statement that only succeeds while it is unused and unexpired, so two uses at
 * once can't both win. Resolves with the link's customer, or undefined when it can't be used.
 */
export async function useCustomerLink(db: Db, tokenHash: string, now: number): Promise<number | undefined> {
  const row = await db
    .updateTable('customer_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('customer_id')
    .executeTakeFirst();
  return row?.customer_id;
}

export async function findCustomerLink(db: Db, tokenHash: string): Promise<CustomerLink | undefined> {
  return db.selectFrom('customer_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertCustomerSession(db: Db, session: CustomerSession): Promise<void> {
  await db.insertInto('customer_sessions').values(session).execute();
}

/** A session and the address of its customer, in one query. */
export async function findCustomerSession(db: Db, id: string): Promise<{ session: CustomerSession; email: string } | undefined> {
  const row = await db
    .selectFrom('customer_sessions as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .select(['s.id', 's.customer_id', 's.secret_hash', 's.created_at', 's.expires_at', 'c.email'])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { email, ...session } = row;
  return { session, email };
}

export async function deleteCustomerSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('customer_sessions').where('id', '=', id).execute();
}

/** Every ticket of a customer, the most recently updated first. */
export async function listTicketsOfCustomer(db: Db, customerId: number): Promise<Ticket[]> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Drops sessions that have ended, and links created before `linksBefore` (long expired, and older than any
 * throttle window that still counts them).
 */
export async function deleteExpiredCustomerAccess(db: Db, now: number, linksBefore: number): Promise<void> {
  await db.deleteFrom('customer_sessions').where('expires_at', '<=', now).execute();
  await db.deleteFrom('customer_links').where('expires_at', '<=', now).where('created_at', '<=', linksBefore).execute();
}
