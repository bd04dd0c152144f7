import { z } from 'zod';

/** How Docket sends email, when it does: the SMTP server, the sender, and where links point. */
export interface MailConfig {
  smtpUrl: string;
  /** The support address: `From`, and (plus-addressed per ticket) `Reply-To`. */
  fromAddress: string;
  fromName: string;
  /** The help center's public address, for the status links in emails. */
  publicUrl: string;
  /** The wait after a first failed send (`MAIL_RETRY_SECONDS`); each later wait doubles. */
  firstRetryMs: number;
}

const AddressSchema = z.string().trim().email();

/**
 * Email settings from the environment, or undefined when email is off (no `SMTP_URL`). `MAIL_FROM` is
 * `support@example.com` or `Example Support <support@example.com>`. Throws naming the variable that is wrong.
 */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): MailConfig | undefined {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return undefined;
  if (!/^smtps?:\/\//.test(smtpUrl)) throw new Error('SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465');
  const from = env.MAIL_FROM?.trim() ?? '';
  const match = /^\s*(?:"?([^"<]*)"?\s*)?<([^>]+)>\s*$/.exec(from);
  const fromAddress = match?.[2] ?? from;
  if (!AddressSchema.safeParse(fromAddress).success) {
    throw new Error('MAIL_FROM must be the support address, like support@example.com or "Example Support <support@example.com>"');
  }
  return {
    smtpUrl,
    fromAddress,
    fromName: match?.[1]?.trim() || 'Support',
    publicUrl,
    firstRetryMs: positiveNumber(env, 'MAIL_RETRY_SECONDS', 30) * 1000,
  };
}

/** `support+t42@example.com`: replies to a ticket's emails come back tagged with its number. */
export function ticketReplyAddress(config: MailConfig, ticketId: number): string {
  const at = config.fromAddress.lastIndexOf('@');
  return `${config.fromAddress.slice(0, at)}+t${ticketId}${config.fromAddress.slice(at)}`;
}

export function mailDomain(config: MailConfig): string {
  return config.fromAddress.slice(config.fromAddress.lastIndexOf('@') + 1);
}

/** How Docket reads the support mailbox, when it does. */
export interface InboundConfig {
  host: string;
  port: number;
  secure: boolean;
  /** STARTTLS is used when the server offers it, unless `?tls=off` (a local test server). */
  startTls: boolean;
  user: string;
  password: string;
  mailbox: string;
  /** How often the mailbox is checked, besides the server's own word (IDLE) that mail came. */
  pollMs: number;
  /** A larger email is read in part: its headers and its text, the rest noted by name and size. */
  maxMessageBytes: number;
  /** A larger attachment is noted by name and size, not kept. */
  maxAttachmentBytes: number;
  /** Mail older than this (by its arrival in the mailbox) is left alone, so history doesn't become tickets. */
  maxAgeDays: number;
}

const MEGABYTE = 1024 * 1024;

/**
 * The support mailbox from `IMAP_URL` (`imaps://user:password@host/INBOX`), or undefined when inbound email is
 * off. Replies must be able to go out, so it needs outbound email too. Throws naming the variable that is wrong.
 */
export function inboundConfigFromEnv(env: NodeJS.ProcessEnv, mail: MailConfig | undefined): InboundConfig | undefined {
  const imapUrl = env.IMAP_URL?.trim();
  if (!imapUrl) return undefined;
  if (!mail) throw new Error('IMAP_URL needs SMTP_URL and MAIL_FROM too: Docket answers the mail it reads');
  let url: URL;
  try {
    url = new URL(imapUrl);
  } catch {
    throw new Error('IMAP_URL must look like imaps://user:password@imap.example.com/INBOX');
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') {
    throw new Error('IMAP_URL must start with imap:// or imaps://');
  }
  if (!url.username) throw new Error('IMAP_URL must name the mailbox user: imaps://user:password@host/INBOX');
  const secure = url.protocol === 'imaps:';
  return {
    host: url.hostname,
    port: Number(url.port) || (secure ? 993 : 143),
    secure,
    startTls: url.searchParams.get('tls') !== 'off',
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    mailbox: decodeURIComponent(url.pathname.slice(1)) || 'INBOX',
    pollMs: positiveNumber(env, 'IMAP_POLL_SECONDS', 30) * 1000,
    maxMessageBytes: positiveNumber(env, 'MAIL_MAX_MESSAGE_MB', 25) * MEGABYTE,
    maxAttachmentBytes: positiveNumber(env, 'MAIL_MAX_ATTACHMENT_MB', 10) * MEGABYTE,
    maxAgeDays: positiveNumber(env, 'IMAP_MAX_AGE_DAYS', 7),
  };
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}
