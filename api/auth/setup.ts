import type { Kysely, Transaction } from 'kysely';
import { countActiveAdmins } from '../../db/repositories/agents';
import type { Database } from '../../db/schema';
import { generateSecret, hashesEqual, hashSecret } from './secrets';

/** How long a printed setup link works. */
export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * While no admin can sign in, a fresh one-time setup token (replacing any earlier one), for the link the
 * server prints at start. Undefined once an admin exists: the link is then useless and all tokens are gone.
 */
export async function offerSetupToken(db: Kysely<Database>, now: number): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('setup_tokens').execute();
    if ((await countActiveAdmins(trx)) > 0) return undefined;
    const token = generateSecret();
    await trx
      .insertInto('setup_tokens')
      .values({ token_hash: hashSecret(token), created_at: now, expires_at: now + SETUP_TOKEN_TTL_MS })
      .execute();
    return token;
  });
}

/**
 * Uses up a setup token inside the caller's transaction (the one that creates the first admin): true only
 * if it is current and no admin exists yet. Every token is removed either way once it has been used.
 */
export async function redeemSetupToken(trx: Transaction<Database>, token: string, now: number): Promise<boolean> {
  if (token.length === 0 || token.length > 128) return false;
  const rows = await trx.selectFrom('setup_tokens').select(['token_hash', 'expires_at']).execute();
  const candidate = hashSecret(token);
  let valid = false;
  for (const row of rows) valid = (hashesEqual(row.token_hash, candidate) && row.expires_at > now) || valid;
  if (!valid || (await countActiveAdmins(trx)) > 0) return false;
  await trx.deleteFrom('setup_tokens').execute();
  return true;
}
