import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTicket, findTicketByKey } from '../../api/services/tickets';
import { createCommitGroup } from '../../db/commit-group';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

let db: Kysely<Database>;

beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.destroy();
});

const request = (n: number) => ({
  name: `Customer ${n}`,
  email: `customer${n % 3}@example.com`,
  subject: `Question ${n}`,
  message: `The details of question number ${n}.`,
  category: null,
  locale: 'en',
  channel: 'web' as const,
});

describe('group commit', () => {
  it('opens every ticket of a burst, each whole and with its own number and key', async () => {
    const created = await Promise.all(Array.from({ length: 25 }, (_, n) => createTicket(db, new Date(), request(n))));
    const numbers = created.map(({ ticket }) => ticket.id);
    expect(new Set(numbers).size).toBe(25);
    for (const { ticket, key } of created) {
      const found = await findTicketByKey(db, ticket.id, key);
      expect(found?.subject).toBe(ticket.subject);
    }
    const messages = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const events = await db
      .selectFrom('ticket_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const customers = await db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect([Number(messages.n), Number(events.n), Number(customers.n)]).toEqual([25, 25, 3]);
  });

  it('a failing write in a group fails alone; the writes around it are stored', async () => {
    const group = createCommitGroup(db);
    const insert = (email: string) =>
      group.run((trx) =>
        trx
          .insertInto('customers')
          .values({ email, name: email, created_at: 1, updated_at: 1 })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
    const outcomes = await Promise.allSettled([
      insert('a@example.com'),
      insert('b@example.com'),
      insert('a@example.com'), // the same email twice breaks the unique constraint
      insert('c@example.com'),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const emails = await db.selectFrom('customers').select('email').orderBy('email').execute();
    expect(emails.map((row) => row.email)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });

  it('a write queued while a group is committing waits for the next group', async () => {
    const group = createCommitGroup(db);
    const settled: string[] = [];
    let inner: Promise<unknown> | undefined;
    const outer = group.run(async () => {
      inner = group.run((next) => next.selectFrom('customers').select('id').execute()).then(() => settled.push('inner'));
      return 'outer';
    });
    await outer.then(() => settled.push('outer'));
    await inner;
    expect(settled).toEqual(['outer', 'inner']);
  });
});
