import { mailDomain, type MailConfig } from './config';
import type { InboundMessage } from './inbound-message';

/** Senders that only ever send delivery reports. */
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailer_daemon)@/i;

/**
 * Why this email must not become a ticket or a reply, or undefined when a person wrote it. Answering a
 * machine starts a mail loop (their auto-reply, our "we received it", their auto-reply…), so auto-replies,
 * bounces, bulk mail and our own mail coming back are set aside, with the reason logged.
 */
export function automatedReason(message: InboundMessage, mail: MailConfig): string | undefined {
  const header = (name: string) => message.headers.get(name)?.toLowerCase();

  // RFC 3834: anything but "no" is a machine.
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `auto-reply: Auto-Submitted: ${autoSubmitted}`;
  if (header('x-autoreply') || header('x-autorespond')) return 'auto-reply: X-Autoreply';
  const precedence = header('precedence');
  if (precedence && /^(bulk|junk|list|auto_reply)/.test(precedence)) return `bulk mail: Precedence: ${precedence}`;
  // Exchange marks its out-of-office answers this way.
  if (header('x-auto-response-suppress') && /\b(oof|autoreply|all)\b/.test(header('x-auto-response-suppress') ?? '')) {
    if (/^(automatic reply|auto.?reply|out of office|автоответ|автоматический ответ)/i.test(message.subject)) {
      return 'auto-reply: out-of-office';
    }
  }

  const contentType = header('content-type') ?? '';
  if (
    contentType.startsWith('multipart/report') &&
    /report-type="?(delivery-status|disposition-notification)/.test(contentType)
  ) {
    return 'bounce: delivery report';
  }
  if (header('return-path') === '<>') return 'bounce: empty Return-Path';
  if (message.from && BOUNCE_SENDER.test(message.from.address)) return `bounce: from ${message.from.address}`;

  // Our own mail, come back: a loop.
  if (header('x-docket-ticket') !== undefined) return 'loop: our own notification';
  if (message.messageId.startsWith('<docket.') && message.messageId.endsWith(`@${mailDomain(mail)}>`)) {
    return 'loop: our own Message-ID';
  }
  if (header('x-loop')?.includes(mail.fromAddress.toLowerCase())) return 'loop: X-Loop';
  if (message.from && isOwnAddress(message.from.address, mail)) return `loop: from our own address ${message.from.address}`;
  return undefined;
}

/** The support address itself, or a tagged form of it (`support+t42@…`). */
function isOwnAddress(address: string, mail: MailConfig): boolean {
  const [local, domain] = splitAddress(address);
  const [ownLocal, ownDomain] = splitAddress(mail.fromAddress);
  return domain === ownDomain && (local === ownLocal || local.startsWith(`${ownLocal}+`));
}

/** The ticket number in a tagged support address among the recipients (`support+t42@…` → 42). */
export function taggedTicketNumber(recipients: string[], mail: MailConfig): number | undefined {
  const [ownLocal, ownDomain] = splitAddress(mail.fromAddress);
  for (const recipient of recipients) {
    const [local, domain] = splitAddress(recipient);
    const match = domain === ownDomain ? new RegExp(`^${escapeRegExp(ownLocal)}\\+t(\\d{1,15})$`).exec(local) : null;
    if (match) return Number(match[1]);
  }
  return undefined;
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at).toLowerCase(), address.slice(at + 1).toLowerCase()];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
