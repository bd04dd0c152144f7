import type { Kysely, Transaction } from 'kysely';
import { indexPendingTickets } from './repositories/queue';
import type { Database } from './schema';

/** One write waiting for the next group commit. */
interface PendingWrite {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive together share one transaction, so one fsync makes all of them
 * durable instead of one fsync each. A write's promise settles only after its transaction committed,
 * so "resolved" still means "on disk".
 *
 * Writes queued while the event loop reads requests are flushed together on the next turn. If any
 * write of a group fails, the group is rolled back and every write is retried in a transaction of
 * its own, so one bad write never takes the others down with it. The tickets a group wrote get their
 * search documents before it commits, all in one statement (see `indexPendingTickets`).
 */
export interface CommitGroup {
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
}

export function createCommitGroup(db: Kysely<Database>): CommitGroup {
  let queue: PendingWrite[] = [];
  let flushing = false;

  const schedule = () => {
    if (!flushing && queue.length > 0) setImmediate(flush);
  };

  async function flush() {
    if (flushing || queue.length === 0) return;
    flushing = true;
    const group = queue;
    queue = [];
    try {
      if (group.length === 1) {
        await runAlone(group[0]!);
      } else {
        await runTogether(group);
      }
    } finally {
      flushing = false;
      schedule();
    }
  }

  async function runTogether(group: PendingWrite[]) {
    let results: unknown[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const values: unknown[] = [];
        for (const write of group) values.push(await write.work(trx));
        await indexPendingTickets(trx);
        return values;
      });
    } catch {
      // Someone's write failed (or the commit did): nothing of the group is stored. Redo each alone,
      // so each caller gets its own outcome.
      for (const write of group) await runAlone(write);
      return;
    }
    group.forEach((write, index) => write.resolve(results[index]));
  }

  async function runAlone(write: PendingWrite) {
    try {
      write.resolve(
        await db.transaction().execute(async (trx) => {
          const value = await write.work(trx);
          await indexPendingTickets(trx);
          return value;
        }),
      );
    } catch (error) {
      write.reject(error);
    }
  }

  return {
    run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (queue.length === 1) schedule();
      });
    },
  };
}

/** The group commit of each open database: one writer per SQLite connection, so one group per connection. */
const groups = new WeakMap<Kysely<Database>, CommitGroup>();

/** Runs `work` in the next group commit of `db`; resolves once it is committed. */
export function inCommitGroup<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  let group = groups.get(db);
  if (!group) {
    group = createCommitGroup(db);
    groups.set(db, group);
  }
  return group.run(work);
}
