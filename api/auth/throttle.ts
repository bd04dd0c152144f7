import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/** How failed sign-ins are counted and when they lock. */
export interface ThrottleRule {
  /** Failures allowed in a window before sign-in is refused. */
  failures: number;
  windowMs: number;
  /** How long sign-in stays refused once the limit is hit. */
  lockMs: number;
}

/** Per account: a few typos are fine, a guessing run is stopped. */
export const ACCOUNT_RULE: ThrottleRule = { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** Per address: an office shares one address, so more room, but one machine can't try every account. */
export const ADDRESS_RULE: ThrottleRule = { failures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Sign-in is refused for now; `retryAfterMs` says for how long. */
export class LoginThrottledError extends Error {
  constructor(
    readonly scope: 'account' | 'address',
    readonly retryAfterMs: number,
  ) {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    const wait = `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
    super(
      scope === 'account'
        ? `Too many failed sign-ins for this account. ${wait}`
        : `Too many failed sign-ins from your network. ${wait}`,
    );
  }
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `ip:${address}`;

/** Throws LoginThrottledError while the account or the address is locked. */
export async function assertSignInAllowed(db: Kysely<Database>, email: string, address: string, now: number): Promise<void> {
  const rows = await db
    .selectFrom('login_failures')
    .select(['key', 'locked_until'])
    .where('key', 'in', [accountKey(email), addressKey(address)])
    .execute();
  for (const row of rows) {
    if (row.locked_until > now) {
      throw new LoginThrottledError(row.key.startsWith('account:') ? 'account' : 'address', row.locked_until - now);
    }
  }
}

/** Counts a failed sign-in against the account and the address, locking whichever reaches its limit. */
export async function recordFailedSignIn(db: Kysely<Database>, email: string, address: string, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [key, rule] of [
      [accountKey(email), ACCOUNT_RULE],
      [addressKey(address), ADDRESS_RULE],
    ] as const) {
      const row = await trx.selectFrom('login_failures').selectAll().where('key', '=', key).executeTakeFirst();
      const fresh = !row || now - row.window_started_at >= rule.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const windowStartedAt = fresh ? now : row.window_started_at;
      const lockedUntil = failures >= rule.failures ? now + rule.lockMs : (row?.locked_until ?? 0);
      await trx
        .insertInto('login_failures')
        .values({ key, failures, window_started_at: windowStartedAt, locked_until: lockedUntil })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({ failures, window_started_at: windowStartedAt, locked_until: lockedUntil }),
        )
        .execute();
    }
  });
}

/** A successful sign-in forgets the account's failures (the address's stay: it may be guessing others). */
export async function clearFailedSignIns(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', accountKey(email)).execute();
}

/** Forgets failure counts whose window and lock are both over, so the table holds only live counters. */
export async function pruneFailedSignIns(db: Kysely<Database>, now: number): Promise<void> {
  const windowMs = Math.max(ACCOUNT_RULE.windowMs, ADDRESS_RULE.windowMs);
  await db
    .deleteFrom('login_failures')
    .where('window_started_at', '<=', now - windowMs)
    .where('locked_until', '<=', now)
    .execute();
}
