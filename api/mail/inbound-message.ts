import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import iconv from 'iconv-lite';

/** A file that came with an email. `content` is null when it was over the size limit and not kept. */
export interface InboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer | null;
}

/** An email from the support mailbox, decoded: what Docket needs of it, whichever way it was read. */
export interface InboundMessage {
  /** `<…>`, or a hash of the bytes for mail that has none, so that reading it again finds it again. */
  messageId: string;
  /**
   * SHA-256 of what the mail says (sender, subject, text, files by name and size), not of its bytes: copies
   * that came by two addresses differ only in transport headers and are the same mail.
   */
  contentHash: string;
  from: { name: string; address: string } | undefined;
  /** Every address it was sent to (To, Cc, Delivered-To, X-Original-To), lowercased. */
  recipients: string[];
  subject: string;
  /** Message-IDs it answers: In-Reply-To first, then References, newest first. */
  replyTo: string[];
  /** Lowercased header name → raw value, for the auto-reply and loop checks. */
  headers: Map<string, string>;
  text: string;
  attachments: InboundAttachment[];
  /** Bytes, as the mailbox reported them. */
  size: number;
}

export interface InboundLimits {
  /** A larger attachment is noted by name and size, not kept. */
  maxAttachmentBytes: number;
}

/** How many Message-IDs of References are looked up to thread a reply: the newest ones. */
const MAX_REFERENCES = 50;

/** Headers that tell us who sent a mail, to whom, and whether a machine did. */
const KEPT_HEADERS = [
  'auto-submitted',
  'precedence',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'x-loop',
  'x-docket-ticket',
  'return-path',
  'content-type',
  'delivered-to',
  'x-original-to',
];

/**
 * Parses a whole email. Never throws on bad mail: mailparser is lenient with broken MIME, and bytes in an
 * undeclared Russian charset (old clients send KOI8-R or Windows-1251 without saying so) are recognised and
 * decoded rather than shown as `�`.
 */
export async function parseEmail(raw: Buffer, limits: InboundLimits): Promise<InboundMessage> {
  let parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  if ((parsed.text ?? '').includes('\uFFFD')) {
    const charset = guessCyrillicCharset(raw);
    if (charset) parsed = await simpleParser(declareCharset(raw, charset), { skipImageLinks: true, skipTextLinks: true });
  }
  return identify(fromParsed(parsed, raw.length, limits));
}

/**
 * A message too large to download whole: its headers, its first text part (read on its own), and the names
 * and sizes of everything else, none of it kept.
 */
export async function parseOversizedEmail(
  headerBytes: Buffer,
  text: string,
  parts: { filename: string; contentType: string; size: number }[],
  size: number,
): Promise<InboundMessage> {
  const parsed = await simpleParser(Buffer.concat([headerBytes, Buffer.from('\r\n')]));
  const message = fromParsed(parsed, size, { maxAttachmentBytes: 0 });
  message.text = text;
  message.attachments = parts.map((part) => ({ ...part, content: null }));
  return identify(message);
}

function fromParsed(parsed: ParsedMail, size: number, limits: InboundLimits): InboundMessage {
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (KEPT_HEADERS.includes(key) && !headers.has(key)) headers.set(key, line.slice(line.indexOf(':') + 1).trim());
  }
  const sender = parsed.from?.value.find((address) => address.address);
  const recipients = new Set<string>();
  for (const group of [parsed.to, parsed.cc]) {
    for (const address of addresses(group)) recipients.add(address);
  }
  for (const name of ['delivered-to', 'x-original-to']) {
    const value = headers.get(name);
    if (value) recipients.add(value.replace(/[<>]/g, '').trim().toLowerCase());
  }
  const references = typeof parsed.references === 'string' ? [parsed.references] : (parsed.references ?? []);
  // The newest few are enough to find a thread; a References header of thousands must cost no more.
  const candidates = [
    ...(parsed.inReplyTo ? parsed.inReplyTo.split(/\s+/) : []).slice(0, 5),
    ...references.slice(-MAX_REFERENCES).reverse(),
  ];
  const replyTo = [...new Set(candidates.map((id) => id.trim()).filter((id) => /^<[^<>\s]{1,250}>$/.test(id)))];
  return {
    messageId: parsed.messageId && /^<[^<>\s]{1,250}>$/.test(parsed.messageId) ? parsed.messageId : '',
    contentHash: '',
    from: sender?.address ? { name: sender.name ?? '', address: sender.address.toLowerCase() } : undefined,
    recipients: [...recipients],
    subject: parsed.subject ?? '',
    replyTo,
    headers,
    text: parsed.text ?? '',
    // Inline images too: a screenshot pasted into the mail is often the whole point of it.
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? 'attachment',
      contentType: attachment.contentType || 'application/octet-stream',
      size: attachment.size,
      content: attachment.size <= limits.maxAttachmentBytes ? attachment.content : null,
    })),
    size,
  };
}

function addresses(group: AddressObject | AddressObject[] | undefined): string[] {
  const found: string[] = [];
  for (const object of Array.isArray(group) ? group : group ? [group] : []) {
    for (const entry of object.value) {
      if (entry.address) found.push(entry.address.toLowerCase());
      for (const member of entry.group ?? []) if (member.address) found.push(member.address.toLowerCase());
    }
  }
  return found;
}

/** A Message-ID for mail that has none: the same bytes always give the same id. */
/** Fills in the content hash, and a Message-ID from it for mail that has none. */
function identify(message: InboundMessage): InboundMessage {
  const content = JSON.stringify([
    message.from?.address ?? '',
    message.subject,
    message.text,
    message.attachments.map((attachment) => [attachment.filename, attachment.size]),
  ]);
  message.contentHash = createHash('sha256').update(content).digest('hex');
  if (!message.messageId) message.messageId = messageIdOfContent(message.contentHash);
  return message;
}

/** The Message-ID Docket gives mail by its content (`contentHash`): the same mail, the same id. */
export function messageIdOfContent(contentHash: string): string {
  return `<sha256.${contentHash.slice(0, 40)}@docket.invalid>`;
}

/**
 * Which Russian 8-bit charset undeclared bytes are in. Russian text is mostly lowercase letters: Windows-1251
 * puts those at 0xE0–0xFF, KOI8-R at 0xC0–0xDF (its capitals are at 0xE0–0xFF).
 */
function guessCyrillicCharset(raw: Buffer): 'windows-1251' | 'koi8-r' | undefined {
  const bodyStart = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  let high = 0;
  let cp1251Lower = 0;
  let koi8Lower = 0;
  for (let i = Math.max(0, bodyStart); i < raw.length; i++) {
    const byte = raw[i]!;
    if (byte < 0xc0) continue;
    high += 1;
    if (byte >= 0xe0) cp1251Lower += 1;
    else koi8Lower += 1;
  }
  if (high < 3) return undefined;
  const charset = cp1251Lower >= koi8Lower ? 'windows-1251' : 'koi8-r';
  // Bytes that are valid UTF-8 are not ours to reinterpret.
  return iconv.decode(raw.subarray(Math.max(0, bodyStart)), 'utf-8').includes('\uFFFD') ? charset : undefined;
}

/** Adds `charset=…` to every text part that doesn't name one. */
function declareCharset(raw: Buffer, charset: string): Buffer {
  const latin = raw.toString('latin1');
  let declared = latin.replace(/^(content-type:[ \t]*text\/[a-z]+)(?![^\r\n]*charset)([^\r\n]*)/gim, `$1$2; charset=${charset}`);
  // A single-part mail with no Content-Type at all is text/plain in US-ASCII by the rules; in practice, the charset above.
  if (!/^content-type:/im.test(declared.slice(0, headerEnd(declared)))) {
    declared = `Content-Type: text/plain; charset=${charset}\r\n${declared}`;
  }
  return Buffer.from(declared, 'latin1');
}

function headerEnd(text: string): number {
  const crlf = text.indexOf('\r\n\r\n');
  return crlf >= 0 ? crlf : Math.max(0, text.indexOf('\n\n'));
}
