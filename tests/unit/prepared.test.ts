import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareQuery } from '../../db/prepared';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

let db: Kysely<Database>;

beforeEach(async () => {
  db = await createTestDatabase();
});

afterEach(async () => {
  await db.destroy();
});

describe('prepareQuery', () => {
  let builds = 0;
  const upsert = prepareQuery((kysely, p: { email: string; name: string; now: number }) => {
    builds += 1;
    return kysely
      .insertInto('customers')
      .values({ email: p.email, name: p.name, created_at: p.now, updated_at: p.now })
      .onConflict((conflict) => conflict.column('email').doUpdateSet({ name: p.name, updated_at: p.now }))
      .returningAll();
  });
  const namesLike = prepareQuery((kysely, p: { pattern: string }) =>
    kysely
      .selectFrom('customers')
      .select('name')
      .where('name', 'like', p.pattern)
      .where('email', '!=', 'nobody@example.com')
      .orderBy('id'),
  );

  it('binds each run its own values, in place of the placeholders and only there', async () => {
    const first = await upsert(db, { email: 'ada@example.com', name: 'Ada', now: 1 });
    const second = await upsert(db, { email: 'bob@example.com', name: 'Bob', now: 2 });
    const renamed = await upsert(db, { email: 'ada@example.com', name: 'Ada L.', now: 3 });
    expect(first.rows).toEqual([{ id: 1, email: 'ada@example.com', name: 'Ada', created_at: 1, updated_at: 1 }]);
    expect(second.rows).toEqual([{ id: 2, email: 'bob@example.com', name: 'Bob', created_at: 2, updated_at: 2 }]);
    expect(renamed.rows).toEqual([{ id: 1, email: 'ada@example.com', name: 'Ada L.', created_at: 1, updated_at: 3 }]);
    // A constant written into the query ('nobody@example.com') stays a constant.
    await upsert(db, { email: 'nobody@example.com', name: 'Ann Nobody', now: 4 });
    expect((await namesLike(db, { pattern: 'A%' })).rows).toEqual([{ name: 'Ada L.' }]);
  });

  it('compiles once per database, inside transactions too', async () => {
    builds = 0;
    await upsert(db, { email: 'a@example.com', name: 'A', now: 1 });
    await db.transaction().execute(async (trx) => {
      await upsert(trx, { email: 'b@example.com', name: 'B', now: 2 });
      await upsert(trx, { email: 'c@example.com', name: 'C', now: 3 });
    });
    await upsert(db, { email: 'd@example.com', name: 'D', now: 4 });
    expect(builds).toBe(1);

    const other = await createTestDatabase();
    await upsert(other, { email: 'e@example.com', name: 'E', now: 5 });
    expect((await other.selectFrom('customers').select('email').execute()).map((row) => row.email)).toEqual(['e@example.com']);
    await other.destroy();
  });

  it('binds a value left out as NULL, so the database, not the driver, judges it', async () => {
    await expect(upsert(db, { email: 'ada@example.com', now: 1 } as never)).rejects.toThrow(
      /NOT NULL constraint failed: customers.name/,
    );
    expect(await db.selectFrom('customers').selectAll().execute()).toEqual([]);
  });
});
