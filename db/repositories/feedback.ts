import type { Kysely, Transaction } from 'kysely';
import type { Database, NewDeflectionEvent } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Records a reader's vote on an article: one per browser and article, so voting again changes the vote
 * (and its comment) instead of adding one. Resolves with whether this was the browser's first vote.
 */
export async function upsertArticleFeedback(
  db: Kysely<Database>,
  vote: { articleId: string; locale: string; helpful: boolean; comment: string | null; voterHash: string },
  now: number,
): Promise<{ firstVote: boolean }> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('article_feedback')
      .select('id')
      .where('article_id', '=', vote.articleId)
      .where('locale', '=', vote.locale)
      .where('voter_hash', '=', vote.voterHash)
      .executeTakeFirst();
    const values = { helpful: vote.helpful ? (1 as const) : (0 as const), comment: vote.comment, updated_at: now };
    if (existing) {
      await trx.updateTable('article_feedback').set(values).where('id', '=', existing.id).execute();
      return { firstVote: false };
    }
    await trx
      .insertInto('article_feedback')
      .values({ ...values, article_id: vote.articleId, locale: vote.locale, voter_hash: vote.voterHash, created_at: now })
      .execute();
    return { firstVote: true };
  });
}

/** Appends steps of the deflection funnel (suggestions shown, opened, or said to answer). */
export async function insertDeflectionEvents(db: Db, events: readonly NewDeflectionEvent[]): Promise<void> {
  if (events.length > 0)
    await db
      .insertInto('deflection_events')
      .values([...events])
      .execute();
}
