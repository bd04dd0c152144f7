import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  countLinksSince,
  deleteCustomerSession,
  deleteExpiredCustomerAccess,
  findCustomerLink,
  findCustomerSession,
  findCustomerWithTickets,
  insertCustomerLink,
  insertCustomerSession,
  listTicketsOfCustomer,
  useCustomerLink,
} from '../../db/repositories/customer-links';
import { findTicketById } from '../../db/repositories/tickets';
import type { Database, Ticket } from '../../db/schema';
import type { Locale } from '../../src/i18n/locales';
import { urls } from '../../src/utils/urls';
import { generateSecret, hashesEqual, hashSecret } from '../auth/secrets';
import type { MailConfig } from '../mail/config';
import { enqueueTicketListLink } from '../mail/outbox';

/** A "your tickets" link works once, for this long after it was asked for. */
export const LINK_TTL_MS = 30 * 60_000;
/** No second link to the same customer this soon after one, so a double click sends one email. */
export const LINK_MIN_GAP_MS = 60_000;
/** At most this many links to one customer an hour, so nobody can flood someone's inbox with them. */
export const LINKS_PER_HOUR = 5;
const HOUR_MS = 60 * 60_000;
/**
 * What a used link turns into: the customer's tickets on this browser for two hours, from the moment the
 * link was used, however busy. It stands in for a link that proved the mailbox only minutes ago, so it ends
 * on a fixed schedule (a shared computer forgets it the same afternoon) and reading pages writes nothing;
 * after it, a new link is one email away.
 */
export const CUSTOMER_SESSION_TTL_MS = 2 * HOUR_MS;
/** The cookie that carries a customer session; agents' sessions have a cookie of their own. */
export const CUSTOMER_SESSION_COOKIE = 'docket_customer';

/** What became of a request for a link. The page says the same in every case; only tests look. */
export type LinkRequestOutcome = 'sent' | 'no-tickets' | 'throttled';

/**
 * A customer asks, by email address, for a link to all their tickets. Only an address with tickets gets one,
 * and not more often than the throttle allows; the link and its email are written in one transaction (the
 * outbox sends it). Only the token's hash is kept: the email holds the only copy of the link.
 */
export async function requestTicketListLink(
  db: Kysely<Database>,
  mail: MailConfig,
  request: { email: string; locale: Locale },
  now: Date,
): Promise<LinkRequestOutcome> {
  const at = now.getTime();
  return db.transaction().execute(async (trx) => {
    const customer = await findCustomerWithTickets(trx, request.email);
    if (!customer) return 'no-tickets';
    const recent = await countLinksSince(trx, customer.id, at - HOUR_MS);
    if (recent.count >= LINKS_PER_HOUR || (recent.latest !== null && at - recent.latest < LINK_MIN_GAP_MS)) {
      return 'throttled';
    }
    const token = generateSecret();
    await insertCustomerLink(trx, {
      customer_id: customer.id,
      token_hash: hashSecret(token),
      created_at: at,
      expires_at: at + LINK_TTL_MS,
    });
    const url = new URL(`${urls.ticketsAccess(request.locale)}?token=${encodeURIComponent(token)}`, mail.publicUrl).href;
    await enqueueTicketListLink(trx, mail, { customer, locale: request.locale, url, expiresAt: at + LINK_TTL_MS }, at);
    return 'sent';
  });
}

/** What opening a link gives: a session for the customer, or why not. */
export type LinkUse =
  | { kind: 'opened'; token: string; expiresAt: number }
  | { kind: 'used' }
  | { kind: 'expired' }
  /** Not a link we sent (mistyped or cut short). */
  | { kind: 'unknown' };

/** Whether a token looks like one we make, before any database work. */
const isTokenShaped = (token: string) => /^[\w-]{20,128}$/.test(token);

/** What a link would do if used now, without using it (for the page a link opens on, which only shows a button). */
export async function checkTicketListLink(db: Kysely<Database>, token: string, now: Date): Promise<LinkUse['kind']> {
  if (!isTokenShaped(token)) return 'unknown';
  const link = await findCustomerLink(db, hashSecret(token));
  if (!link) return 'unknown';
  if (link.used_at !== null) return 'used';
  return link.expires_at <= now.getTime() ? 'expired' : 'opened';
}

/**
 * Uses a link, once: marking it used and starting the customer's session happen together, and of two uses
 * at the same moment only one gets a session. The session token is `<id>.<secret>`, only the secret's
 * SHA-256 kept, as for agents.
 */
export async function useTicketListLink(db: Kysely<Database>, token: string, now: Date): Promise<LinkUse> {
  if (!isTokenShaped(token)) return { kind: 'unknown' };
  const at = now.getTime();
  const tokenHash = hashSecret(token);
  const opened = await db.transaction().execute(async (trx) => {
    const customerId = await useCustomerLink(trx, tokenHash, at);
    if (customerId === undefined) return undefined;
    const id = randomBytes(15).toString('base64url');
    const secret = generateSecret();
    const expiresAt = at + CUSTOMER_SESSION_TTL_MS;
    await insertCustomerSession(trx, {
      id,
      customer_id: customerId,
      secret_hash: hashSecret(secret),
      created_at: at,
      expires_at: expiresAt,
    });
    return { kind: 'opened', token: `${id}.${secret}`, expiresAt } satisfies LinkUse;
  });
  if (opened) return opened;
  const state = await checkTicketListLink(db, token, now);
  return { kind: state === 'opened' ? 'unknown' : state };
}

/** A customer session that is still good. */
export interface CustomerSession {
  id: string;
  customerId: number;
  /** The address the link went to, to show whose tickets these are. */
  email: string;
  expiresAt: number;
}

/** The session a cookie's token opens, or undefined: unknown id, wrong secret (constant-time compare), or over. */
export async function validateCustomerSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<CustomerSession | undefined> {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 200) return undefined;
  const id = token.slice(0, dot);
  const found = await findCustomerSession(db, id);
  if (!found || !hashesEqual(found.session.secret_hash, hashSecret(token.slice(dot + 1)))) return undefined;
  if (found.session.expires_at <= now.getTime()) {
    await deleteCustomerSession(db, id);
    return undefined;
  }
  return { id, customerId: found.session.customer_id, email: found.email, expiresAt: found.session.expires_at };
}

/** Signing out: the session stops working at once, whatever the browser keeps. */
export function endCustomerSession(db: Kysely<Database>, id: string): Promise<void> {
  return deleteCustomerSession(db, id);
}

/** Every ticket of the customer, the most recently updated first. */
export function customerTickets(db: Kysely<Database>, customerId: number): Promise<Ticket[]> {
  return listTicketsOfCustomer(db, customerId);
}

/** The ticket, if it is this customer's; anyone else's looks the same as one that doesn't exist. */
export async function findTicketOfCustomer(db: Kysely<Database>, id: number, customerId: number): Promise<Ticket | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const ticket = await findTicketById(db, id);
  return ticket?.customer_id === customerId ? ticket : undefined;
}

/**
 * Drops what can no longer be used: ended sessions, and links old enough that the hourly throttle no longer
 * counts them (every one of them expired half an hour before).
 */
export function pruneCustomerAccess(db: Kysely<Database>, now: number): Promise<void> {
  return deleteExpiredCustomerAccess(db, now, now - HOUR_MS);
}
