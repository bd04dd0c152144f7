import type { Kysely, Transaction } from 'kysely';
import { inCommitGroup } from '../../db/commit-group';
import { upsertCustomer } from '../../db/repositories/customers';
import { findTicketById } from '../../db/repositories/tickets';
import type { Database, InboundOutcome, Message } from '../../db/schema';
import type { MailConfig } from '../mail/config';
import { automatedReason, taggedTicketNumber } from '../mail/inbound-filter';
import { messageIdOfContent, type InboundMessage } from '../mail/inbound-message';
import { customerNameFrom, detectLocale, normalizeSubject, trimReply, trimSignature } from '../mail/inbound-text';
import { enqueueNotification } from '../mail/outbox';
import { formatBytes } from '../../src/utils/text';
import { insertCustomerMessage, insertNewTicket, TicketConflictError } from './tickets';

/** What became of one email from the support mailbox. `duplicate`: it was handled before, nothing changed. */
export interface InboundResult {
  outcome: InboundOutcome | 'duplicate';
  ticketId?: number;
  reason?: string;
}

/** More emails than this from one address within the window are taken for a mail loop and set aside. */
export const LOOP_LIMIT = 20;
const LOOP_WINDOW_MS = 10 * 60_000;

/** A message body longer than this keeps its start; the whole text is attached as `message.txt`. */
export const MAX_BODY_CHARS = 100_000;

/**
 * Turns one email into a new ticket or a reply on its ticket, or sets it aside with the reason. Everything it
 * writes (ticket, message, attachments, the "we received it" email, the mailbox log) is one transaction, and
 * the log is keyed by Message-ID: handling the same email again changes nothing.
 */
export async function receiveEmail(
  db: Kysely<Database>,
  now: Date,
  message: InboundMessage,
  mail: MailConfig,
  maxAttachmentBytes: number,
): Promise<InboundResult> {
  const at = now.getTime();
  // Emails read together share one commit (and one fsync), in the order they came.
  return inCommitGroup(db, async (trx) => {
    const seen = await trx
      .selectFrom('inbound_emails')
      .select(['ticket_id', 'content_hash'])
      .where('message_id', '=', message.messageId)
      .executeTakeFirst();
    if (seen) {
      if (seen.content_hash === message.contentHash) {
        return { outcome: 'duplicate', ...(seen.ticket_id !== null ? { ticketId: seen.ticket_id } : {}) };
      }
      // Another email under a Message-ID we know (some senders reuse one): its bytes name it instead.
      message = { ...message, messageId: messageIdOfContent(message.contentHash) };
      const again = await trx
        .selectFrom('inbound_emails')
        .select('ticket_id')
        .where('message_id', '=', message.messageId)
        .executeTakeFirst();
      if (again) return { outcome: 'duplicate', ...(again.ticket_id !== null ? { ticketId: again.ticket_id } : {}) };
    }

    const log = async (outcome: InboundOutcome, ticketId: number | null, reason: string | null) => {
      await trx
        .insertInto('inbound_emails')
        .values({
          message_id: message.messageId,
          content_hash: message.contentHash,
          from_address: message.from?.address ?? '',
          subject: message.subject.slice(0, 500),
          outcome,
          reason,
          ticket_id: ticketId,
          size: message.size,
          handled_at: at,
        })
        .execute();
      return { outcome, ...(ticketId !== null ? { ticketId } : {}), ...(reason !== null ? { reason } : {}) };
    };

    const automated = automatedReason(message, mail);
    if (automated) return log('ignored', null, automated);
    if (!message.from) return log('rejected', null, 'no sender address');
    // An autoresponder that doesn't say so, answering our answers: no person writes this often.
    const lately = await trx
      .selectFrom('inbound_emails')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('from_address', '=', message.from.address)
      .where('handled_at', '>', at - LOOP_WINDOW_MS)
      .where('outcome', 'in', ['ticket_created', 'reply_added'])
      .executeTakeFirstOrThrow();
    if (Number(lately.count) >= LOOP_LIMIT) {
      return log(
        'ignored',
        null,
        `loop: ${LOOP_LIMIT} emails from ${message.from.address} within ${LOOP_WINDOW_MS / 60_000} minutes`,
      );
    }

    const existing = await threadedTicket(trx, message, mail);
    if (existing && existing.ticket.status !== 'closed') {
      const author =
        existing.customer.email === message.from.address
          ? existing.customer.id
          : (await upsertCustomer(trx, { email: message.from.address, name: customerNameFrom(message.from) }, at)).id;
      const body = bodyOf(trimReply(message.text).text, message, maxAttachmentBytes);
      try {
        const added = await insertCustomerMessage(trx, existing.ticket, body.text, at, author);
        await storeAttachments(trx, added.message, body.attachments, at);
        return log('reply_added', existing.ticket.id, null);
      } catch (error) {
        if (!(error instanceof TicketConflictError)) throw error;
      }
    }

    const body = bodyOf(trimSignature(message.text), message, maxAttachmentBytes);
    const subject = normalizeSubject(message.subject);
    const locale = detectLocale(`${subject}\n${body.text}`);
    const opened = await insertNewTicket(
      trx,
      {
        name: customerNameFrom(message.from),
        email: message.from.address,
        subject: subject || (locale === 'ru' ? '(без темы)' : '(no subject)'),
        message: body.text,
        category: null,
        locale,
        channel: 'email',
        ...(existing ? { createdFrom: { followUpOf: existing.ticket.id } } : {}),
      },
      at,
    );
    await storeAttachments(trx, opened.message, body.attachments, at);
    const result = await log('ticket_created', opened.ticket.id, null);
    await enqueueNotification(trx, mail, { kind: 'ticket_received', ticket: opened.ticket }, at);
    return result;
  });
}

/**
 * The ticket an email answers. A Message-ID we sent (or one the customer sent before) in In-Reply-To or
 * References is proof enough: the random part of ours can't be guessed. A ticket number alone, in the tagged
 * reply address or `[#42]` in the subject, can be, so it counts only from the ticket's own customer.
 */
async function threadedTicket(trx: Transaction<Database>, message: InboundMessage, mail: MailConfig) {
  let ticketId: number | undefined;
  if (message.replyTo.length > 0) {
    const ours = await trx
      .selectFrom('outbox')
      .select('ticket_id')
      .where('message_id', 'in', message.replyTo)
      .where('ticket_id', 'is not', null)
      .executeTakeFirst();
    const theirs = ours
      ? undefined
      : await trx
          .selectFrom('inbound_emails')
          .select('ticket_id')
          .where('message_id', 'in', message.replyTo)
          .where('ticket_id', 'is not', null)
          .executeTakeFirst();
    ticketId = ours?.ticket_id ?? theirs?.ticket_id ?? undefined;
  }
  let needsSameSender = false;
  if (ticketId === undefined) {
    ticketId = taggedTicketNumber(message.recipients, mail) ?? subjectTicketNumber(message.subject);
    needsSameSender = true;
  }
  if (ticketId === undefined) return undefined;
  const ticket = await findTicketById(trx, ticketId);
  if (!ticket) return undefined;
  const customer = await trx
    .selectFrom('customers')
    .select(['id', 'email'])
    .where('id', '=', ticket.customer_id)
    .executeTakeFirstOrThrow();
  if (needsSameSender && customer.email !== message.from?.address) return undefined;
  return { ticket, customer };
}

/** `[#42]` as our notifications put it in the subject. */
function subjectTicketNumber(subject: string): number | undefined {
  const match = /\[#(\d{1,15})\]/.exec(subject);
  return match ? Number(match[1]) : undefined;
}

interface StoredFile {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer | null;
}

/**
 * The message text as stored, and the files to keep with it. Files over the limit are named in the text so
 * the agent knows they were sent; a very long text keeps its start and goes whole into `message.txt`.
 */
function bodyOf(text: string, message: InboundMessage, maxAttachmentBytes: number): { text: string; attachments: StoredFile[] } {
  const attachments: StoredFile[] = [...message.attachments];
  let body = text.trim();
  if (body.length > MAX_BODY_CHARS) {
    const whole = Buffer.from(message.text, 'utf8');
    attachments.push({
      filename: 'message.txt',
      contentType: 'text/plain; charset=utf-8',
      size: whole.length,
      // The customer's own words: kept whatever the attachment limit (the message limit bounds them).
      content: whole,
    });
    body = `${body.slice(0, MAX_BODY_CHARS)}\n\n[The email was longer: the whole text is attached as message.txt.]`;
  }
  const notKept = message.attachments.filter((attachment) => attachment.content === null);
  const notes = notKept.map(
    (attachment) =>
      `[Attachment not kept: ${attachment.filename}, ${formatBytes(attachment.size)}, over the ${formatBytes(maxAttachmentBytes)} limit.]`,
  );
  if (body.length === 0)
    body = message.attachments.length > 0 ? '[The email had no text, only attachments.]' : '[The email had no text.]';
  return { text: [body, ...notes].join('\n\n'), attachments };
}

async function storeAttachments(trx: Transaction<Database>, message: Message, files: StoredFile[], at: number) {
  for (const file of files) {
    await trx
      .insertInto('attachments')
      .values({
        message_id: message.id,
        filename: file.filename.slice(0, 255),
        content_type: file.contentType.slice(0, 255),
        size: file.size,
        content: file.content,
        created_at: at,
      })
      .execute();
  }
}
