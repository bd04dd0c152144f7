import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { createTransport, type Transporter } from 'nodemailer';
import { insertTicketKey } from '../../db/repositories/tickets';
import type { Database } from '../../db/schema';
import { DEFAULT_LOCALE, isLocale } from '../../src/i18n/locales';
import { urls } from '../../src/utils/urls';
import { generateSecret, hashSecret } from '../auth/secrets';
import { mailDomain, ticketReplyAddress, type MailConfig } from './config';
import { renderNotification, renderTicketListLink, type TicketNotificationKind } from './templates';

type Db = Kysely<Database> | Transaction<Database>;

/** A notification to write with the change that causes it. */
export interface Notification {
  kind: TicketNotificationKind;
  ticket: { id: number; subject: string; locale: string; customer_id: number };
  agentName?: string;
  reply?: string;
}

/**
 * Writes the email for a change into the outbox, inside the caller's transaction: if the change is stored, so
 * is its email, and neither without the other. Each email carries a status link with a key of its own (only
 * its hash joins the ticket's keys), and threads under the ticket's earlier emails.
 */
export async function enqueueNotification(db: Db, mail: MailConfig, notification: Notification, now: number): Promise<void> {
  const { ticket } = notification;
  const customer = await db
    .selectFrom('customers')
    .select(['name', 'email'])
    .where('id', '=', ticket.customer_id)
    .executeTakeFirstOrThrow();
  const key = generateSecret();
  await insertTicketKey(db, ticket.id, hashSecret(key), now);
  const locale = isLocale(ticket.locale) ? ticket.locale : DEFAULT_LOCALE;
  const statusUrl = new URL(`${urls.ticket(locale, ticket.id)}?key=${encodeURIComponent(key)}`, mail.publicUrl).href;
  const thread = await ticketThread(db, ticket.id);
  const email = renderNotification({
    kind: notification.kind,
    locale: ticket.locale,
    ticketId: ticket.id,
    subject: ticket.subject,
    customerName: customer.name,
    statusUrl,
    ...(notification.agentName !== undefined ? { agentName: notification.agentName } : {}),
    ...(notification.reply !== undefined ? { reply: notification.reply } : {}),
  });
  await db
    .insertInto('outbox')
    .values({
      kind: notification.kind,
      ticket_id: ticket.id,
      message_id: `<docket.${ticket.id}.${randomBytes(9).toString('base64url')}@${mailDomain(mail)}>`,
      to_address: customer.email,
      to_name: customer.name,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      in_reply_to: thread.at(-1) ?? null,
      references: thread.length > 0 ? thread.join(' ') : null,
      reply_to: ticketReplyAddress(mail, ticket.id),
      status: 'pending',
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
}

/** A "your tickets" link to email: to whom, in which language, and the link itself (it holds the token). */
export interface TicketListLinkEmail {
  customer: { id: number; name: string; email: string };
  locale: string;
  url: string;
  /** When the link stops working: the email says how long it has, and is not sent after that. */
  expiresAt: number;
}

/**
 * Writes the "your tickets" email into the outbox, in the caller's transaction with the link it carries. It
 * belongs to no ticket: no thread to join, and replies go to the plain support address.
 */
export async function enqueueTicketListLink(db: Db, mail: MailConfig, link: TicketListLinkEmail, now: number): Promise<void> {
  const email = renderTicketListLink({
    locale: link.locale,
    customerName: link.customer.name,
    url: link.url,
    minutes: Math.round((link.expiresAt - now) / 60_000),
  });
  await db
    .insertInto('outbox')
    .values({
      kind: 'ticket_list_link',
      ticket_id: null,
      customer_id: link.customer.id,
      message_id: `<docket.link.${randomBytes(9).toString('base64url')}@${mailDomain(mail)}>`,
      to_address: link.customer.email,
      to_name: link.customer.name,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      in_reply_to: null,
      references: null,
      reply_to: mail.fromAddress,
      status: 'pending',
      next_attempt_at: now,
      created_at: now,
      expires_at: link.expiresAt,
    })
    .execute();
}

/**
 * The last Message-IDs of a ticket's email thread, oldest first: what we sent and what the customer sent us,
 * so a notification threads under the customer's own email too.
 */
async function ticketThread(db: Db, ticketId: number): Promise<string[]> {
  const sent = await db
    .selectFrom('outbox')
    .select(['message_id', 'created_at as at'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id', 'desc')
    .limit(10)
    .execute();
  const received = await db
    .selectFrom('inbound_emails')
    .select(['message_id', 'handled_at as at'])
    .where('ticket_id', '=', ticketId)
    .where('outcome', 'in', ['ticket_created', 'reply_added'])
    .orderBy('id', 'desc')
    .limit(10)
    .execute();
  // Oldest first. Within one moment, what came in goes first: our email in that moment answers it.
  return [...received.reverse(), ...sent.reverse()]
    .sort((a, b) => a.at - b.at)
    .slice(-10)
    .map((row) => row.message_id);
}

/**
 * An admin's "send now": a waiting or failed email becomes due at once, with its attempts counted afresh.
 * Resolves with whether there was such an email (a sent one stays sent).
 */
export async function retryEmail(db: Kysely<Database>, id: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'failed'])
    // Email past its expiry (a "your tickets" link) would arrive dead: the customer asks for a new one instead.
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** After this many failed attempts an email is given up on and shown to admins as failed. */
export const MAX_ATTEMPTS = 10;
const MAX_RETRY_MS = 60 * 60_000;

/** Waits between attempts: 30 s, 1 min, 2 min, … up to an hour (from `MAIL_RETRY_SECONDS`, 30 s unless set). */
export function retryDelay(attempts: number, firstRetryMs: number): number {
  return Math.min(MAX_RETRY_MS, firstRetryMs * 2 ** Math.max(0, attempts - 1));
}

export interface OutboxSender {
  /** Sends what is due now; resolves with how many were sent and how many failed this round. */
  sendDue(): Promise<{ sent: number; failed: number }>;
  close(): void;
}

/**
 * Sends the outbox through SMTP. One email at a time, oldest first; each is marked sent (and its bodies,
 * which hold a status key, emptied) right after the server accepts it. A failure waits longer each time.
 * Only one sender runs per database, so an email is never sent by two at once; a crash between the
 * server's acceptance and the mark would send it again, with the same Message-ID, which mail clients
 * show once.
 */
export function createOutboxSender(deps: {
  db: Kysely<Database>;
  mail: MailConfig;
  clock: () => Date;
  transport?: Transporter;
}): OutboxSender {
  const transport = deps.transport ?? createTransport(smtpOptions(deps.mail.smtpUrl));
  let running: Promise<{ sent: number; failed: number }> | undefined;

  async function round() {
    let sent = 0;
    let failed = 0;
    for (;;) {
      const now = deps.clock().getTime();
      const email = await deps.db
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!email) return { sent, failed };
      if (email.expires_at !== null && now >= email.expires_at) {
        // The SMTP server was away longer than the email's link lives: a dead link helps nobody.
        await deps.db
          .updateTable('outbox')
          .set({
            status: 'failed',
            text_body: '',
            html_body: '',
            last_error: 'Not sent: the link in it expired before it could go out; the customer can ask for a new one.',
          })
          .where('id', '=', email.id)
          .execute();
        failed += 1;
        continue;
      }
      try {
        await transport.sendMail({
          from: { name: deps.mail.fromName, address: deps.mail.fromAddress },
          to: { name: email.to_name, address: email.to_address },
          replyTo: email.reply_to,
          subject: email.subject,
          text: email.text_body,
          html: email.html_body,
          messageId: email.message_id,
          ...(email.in_reply_to ? { inReplyTo: email.in_reply_to } : {}),
          ...(email.references ? { references: email.references } : {}),
          headers: {
            'Auto-Submitted': 'auto-generated',
            // Email about no ticket in particular (the "your tickets" link) names none.
            ...(email.ticket_id !== null ? { 'X-Docket-Ticket': String(email.ticket_id) } : {}),
          },
        });
        await deps.db
          .updateTable('outbox')
          .set({ status: 'sent', sent_at: deps.clock().getTime(), text_body: '', html_body: '', last_error: null })
          .where('id', '=', email.id)
          .execute();
        sent += 1;
      } catch (error) {
        const attempts = email.attempts + 1;
        await deps.db
          .updateTable('outbox')
          .set({
            attempts,
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            next_attempt_at: now + retryDelay(attempts, deps.mail.firstRetryMs),
            last_error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          })
          .where('id', '=', email.id)
          .execute();
        failed += 1;
        // The server is likely down for all of them: wait for the next round rather than hammer it.
        return { sent, failed };
      }
    }
  }

  return {
    sendDue() {
      // Rounds never overlap: a timer tick during a slow send joins the round in progress.
      running ??= round().finally(() => {
        running = undefined;
      });
      return running;
    },
    close() {
      transport.close();
    },
  };
}

/** nodemailer's options for an `smtp://` or `smtps://` URL, with timeouts so a dead server fails a round, not hangs it. */
function smtpOptions(url: string) {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: Number(parsed.port) || (secure ? 465 : 587),
    secure,
    ...(parsed.username
      ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } }
      : {}),
    // A local test server speaks plain SMTP; STARTTLS is used whenever the server offers it.
    ignoreTLS: parsed.searchParams.get('tls') === 'off',
    // One connection for a run of emails (up to 100 each) instead of a handshake, TLS and sign-in per email.
    pool: true,
    maxConnections: 1,
    maxMessages: 100,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}
