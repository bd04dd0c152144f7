import { ImapFlow, type MessageStructureObject } from 'imapflow';
import type { Kysely } from 'kysely';
import { simpleParser } from 'mailparser';
import type { Database } from '../../db/schema';
import { receiveEmail, type InboundResult } from '../services/inbound-email';
import type { InboundConfig, MailConfig } from './config';
import { parseEmail, parseOversizedEmail, type InboundMessage } from './inbound-message';

/** The keyword Docket sets on every message it has handled; the mailbox is searched for messages without it. */
export const HANDLED_KEYWORD = '$Docket';
/** A message that fails this many times in a row is logged as rejected and set aside, so it can't block the rest. */
const MAX_FAILURES = 3;
/** In an oversized email, a text part larger than this is not read either. */
const MAX_TEXT_PART_BYTES = 2 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60_000;
/** At most this many messages, or this many bytes, are downloaded, stored and marked together. */
const BATCH_MESSAGES = 50;
const BATCH_BYTES = 16 * 1024 * 1024;

export interface PollRound {
  handled: number;
  results: InboundResult[];
}

/** How reading the mailbox goes, for the admins' Email page. Times are milliseconds since the epoch. */
export interface MailboxStatus {
  /** `support@imap.example.com/INBOX`: which mailbox, without the password. */
  mailbox: string;
  /** The last round that read the mailbox to the end. */
  lastReadAt: number | null;
  /** Messages handled since the server started. */
  handled: number;
  /** The last round's failure, until a round succeeds. */
  error: { message: string; at: number } | null;
}

export interface ImapPoller {
  /** Reads and handles every message not handled yet; rounds never overlap. */
  poll(): Promise<PollRound>;
  status(): MailboxStatus;
  close(): Promise<void>;
}

/**
 * Reads the support mailbox over IMAP. Each message is handled in one database transaction, and only then
 * marked handled in the mailbox (keyword `$Docket`, and `\Seen`): a crash in between leaves it unmarked, and
 * the next round finds it already in the log by its Message-ID and only marks it. A restart never makes a
 * ticket twice, and a message that can't be handled is set aside after a few tries instead of blocking the
 * mailbox.
 */
export function createImapPoller(deps: {
  db: Kysely<Database>;
  mail: MailConfig;
  inbound: InboundConfig;
  clock: () => Date;
  log?: (line: string) => void;
}): ImapPoller {
  const log = deps.log ?? ((line: string) => console.log(line));
  let client: ImapFlow | undefined;
  let running: Promise<PollRound> | undefined;
  let again = false;
  let closed = false;
  const failures = new Map<string, number>();
  let toldAboutOldMail = false;
  const state: MailboxStatus = {
    mailbox: `${deps.inbound.user}@${deps.inbound.host}/${deps.inbound.mailbox}`,
    lastReadAt: null,
    handled: 0,
    error: null,
  };

  async function connect(): Promise<ImapFlow> {
    if (client?.usable) return client;
    const fresh = new ImapFlow({
      host: deps.inbound.host,
      port: deps.inbound.port,
      secure: deps.inbound.secure,
      ...(deps.inbound.secure ? {} : { doSTARTTLS: deps.inbound.startTls ? undefined : false }),
      auth: { user: deps.inbound.user, pass: deps.inbound.password },
      logger: false,
      // Some servers end an IDLE that lasts too long; renewing it every few minutes keeps the push coming.
      maxIdleTime: 5 * 60_000,
    });
    fresh.on('error', (error: Error) => log(`IMAP connection error: ${error.message}`));
    fresh.on('exists', () => {
      if (!closed) void poll().catch(() => undefined);
    });
    await fresh.connect();
    await fresh.mailboxOpen(deps.inbound.mailbox);
    client = fresh;
    return fresh;
  }

  async function round(): Promise<PollRound> {
    const imap = await connect();
    const mailbox = imap.mailbox;
    // A mailbox that can't keep our keyword (PERMANENTFLAGS without \*) is read by \Seen alone.
    const keywords = mailbox ? (mailbox.permanentFlags?.has('\\*') ?? false) : false;
    // Only recent mail: an existing support mailbox's years of history must not all become new tickets.
    const since = new Date(deps.clock().getTime() - deps.inbound.maxAgeDays * DAY_MS);
    const unhandled = keywords ? { unKeyword: HANDLED_KEYWORD } : { seen: false };
    const uids = (await imap.search({ ...unhandled, since }, { uid: true })) || [];
    if (!toldAboutOldMail) {
      toldAboutOldMail = true;
      const old = (await imap.search({ ...unhandled, before: since }, { uid: true })) || [];
      if (old.length > 0) {
        log(
          `${old.length} ${old.length === 1 ? 'email' : 'emails'} in ${deps.inbound.mailbox} older than ${deps.inbound.maxAgeDays} days ${old.length === 1 ? 'is' : 'are'} left alone (IMAP_MAX_AGE_DAYS).`,
        );
      }
    }
    const validity = mailbox ? String(mailbox.uidValidity) : '';
    const results: InboundResult[] = [];
    // Sizes for the whole batch in one FETCH, so each message costs one download, not a size check as well.
    const sizes = new Map<number, number>();
    if (uids.length > 0) {
      for await (const message of imap.fetch(uids.join(','), { size: true }, { uid: true })) {
        sizes.set(message.uid, message.size ?? 0);
      }
    }
    // Batches: one FETCH downloads them, one commit stores them, one STORE marks them.
    let batch: number[] = [];
    let batchBytes = 0;
    for (const uid of uids.sort((a, b) => a - b)) {
      const size = sizes.get(uid);
      // Gone since the search (another client moved it): nothing to handle.
      if (size === undefined) continue;
      if (batch.length > 0 && (batch.length >= BATCH_MESSAGES || batchBytes + size > BATCH_BYTES)) {
        if (closed) break;
        results.push(...(await handleBatch(imap, batch, sizes, validity)));
        batch = [];
        batchBytes = 0;
      }
      batch.push(uid);
      batchBytes += Math.min(size, deps.inbound.maxMessageBytes);
    }
    if (batch.length > 0 && !closed) results.push(...(await handleBatch(imap, batch, sizes, validity)));
    // IDLE until the next command: the server tells us at once when mail arrives (`exists`).
    if (!closed) void imap.idle().catch(() => undefined);
    return { handled: results.length, results };
  }

  async function handleBatch(imap: ImapFlow, uids: number[], sizes: Map<number, number>, validity: string) {
    const whole = uids.filter((uid) => (sizes.get(uid) ?? 0) <= deps.inbound.maxMessageBytes);
    const sources = new Map<number, Buffer>();
    if (whole.length > 0) {
      for await (const message of imap.fetch(whole.join(','), { source: true }, { uid: true })) {
        if (message.source) sources.set(message.uid, message.source);
      }
    }
    // Read every message, then store them all: the writes queue up together and share one commit, in order,
    // so a reply in this batch finds the ticket an earlier message of it opened.
    const read = await Promise.all(
      uids.map(async (uid) => {
        try {
          const source = sources.get(uid);
          const message =
            source !== undefined
              ? await parseEmail(source, { maxAttachmentBytes: deps.inbound.maxAttachmentBytes })
              : (sizes.get(uid) ?? 0) > deps.inbound.maxMessageBytes
                ? await readOversized(imap, uid, sizes.get(uid) ?? 0)
                : undefined;
          if (!message) throw new Error('the message is gone from the mailbox');
          return { uid, ok: true as const, message };
        } catch (error) {
          return { uid, ok: false as const, error };
        }
      }),
    );
    const stored = await Promise.allSettled(
      read.map((entry) =>
        entry.ok
          ? receiveEmail(deps.db, deps.clock(), entry.message, deps.mail, deps.inbound.maxAttachmentBytes)
          : Promise.reject(entry.error),
      ),
    );

    const handled: number[] = [];
    const results: InboundResult[] = [];
    for (const [index, outcome] of stored.entries()) {
      const uid = uids[index]!;
      const failureKey = `${validity}:${uid}`;
      let result: InboundResult;
      if (outcome.status === 'fulfilled') {
        result = outcome.value;
      } else {
        const error: unknown = outcome.reason;
        // A lost connection or a database in trouble is not this message's fault: the round ends and is tried again.
        if (!imap.usable || isDatabaseTrouble(error)) throw error;
        const count = (failures.get(failureKey) ?? 0) + 1;
        failures.set(failureKey, count);
        const reason = error instanceof Error ? error.message : String(error);
        log(`Email UID ${uid} could not be handled (try ${count} of ${MAX_FAILURES}): ${reason}`);
        if (count < MAX_FAILURES) continue;
        result = await rejectUnreadable(uid, validity, reason);
      }
      failures.delete(failureKey);
      handled.push(uid);
      results.push(result);
      if (result.outcome === 'ignored' || result.outcome === 'rejected') {
        log(`Email UID ${uid} ${result.outcome}: ${result.reason ?? ''}`);
      }
    }
    // Marked only now that they are stored: a crash before this leaves them to be read again, and recognised.
    if (handled.length > 0) await imap.messageFlagsAdd(handled.join(','), [HANDLED_KEYWORD, '\\Seen'], { uid: true });
    return results;
  }

  /** Headers, the first text part and a list of the rest: what an email too large to download says. */
  async function readOversized(imap: ImapFlow, uid: number, size: number): Promise<InboundMessage> {
    const meta = await imap.fetchOne(String(uid), { headers: true, bodyStructure: true }, { uid: true });
    if (!meta || !meta.headers || !meta.bodyStructure) throw new Error('the message is gone from the mailbox');
    const leaves = leafParts(meta.bodyStructure);
    const textPart =
      leaves.find((part) => part.type === 'text/plain' && !part.disposition && (part.size ?? 0) <= MAX_TEXT_PART_BYTES) ??
      leaves.find((part) => part.type === 'text/html' && !part.disposition && (part.size ?? 0) <= MAX_TEXT_PART_BYTES);
    let text = '';
    if (textPart) {
      const download = await imap.download(String(uid), textPart.part ?? '1', { uid: true });
      if (download.content) {
        const chunks: Buffer[] = [];
        for await (const chunk of download.content) chunks.push(chunk as Buffer);
        const decoded = Buffer.concat(chunks).toString('utf8');
        text = textPart.type === 'text/html' ? ((await simpleParser(htmlEmail(decoded))).text ?? '') : decoded;
      }
    }
    const others = leaves
      .filter((part) => part !== textPart)
      .map((part) => ({
        filename: part.dispositionParameters?.filename ?? part.parameters?.name ?? `part-${part.part ?? '1'}`,
        contentType: part.type,
        size: part.size ?? 0,
      }));
    return parseOversizedEmail(meta.headers, text, others, size);
  }

  /** A message that failed every try: logged under an id of its mailbox place, so it is set aside once. */
  async function rejectUnreadable(uid: number, validity: string, reason: string): Promise<InboundResult> {
    const messageId = `<uid.${validity}.${uid}@docket.invalid>`;
    await deps.db
      .insertInto('inbound_emails')
      .values({
        message_id: messageId,
        content_hash: '',
        from_address: '',
        subject: '',
        outcome: 'rejected',
        reason: `could not be read: ${reason}`.slice(0, 500),
        ticket_id: null,
        size: 0,
        handled_at: deps.clock().getTime(),
      })
      .onConflict((conflict) => conflict.column('message_id').doNothing())
      .execute();
    return { outcome: 'rejected', reason };
  }

  function poll(): Promise<PollRound> {
    if (running) {
      // Mail that came during a round is read by one more round right after it.
      again = true;
      return running;
    }
    running = round()
      .then(
        (result) => {
          state.lastReadAt = deps.clock().getTime();
          state.handled += result.handled;
          state.error = null;
          return result;
        },
        (error: unknown) => {
          state.error = { message: error instanceof Error ? imapErrorMessage(error) : String(error), at: deps.clock().getTime() };
          throw error;
        },
      )
      .finally(() => {
        running = undefined;
        if (again && !closed) {
          again = false;
          void poll().catch(() => undefined);
        }
      });
    return running;
  }

  return {
    poll,
    status: () => ({ ...state }),
    async close() {
      closed = true;
      await running?.catch(() => undefined);
      const open = client;
      client = undefined;
      if (open?.usable) await open.logout().catch(() => undefined);
    },
  };
}

/**
 * SQLite errors of the database itself (busy, locked, disk full or failing, read-only), as opposed to one a
 * message's content caused, which counts against that message so it can't block the mailbox.
 */
function isDatabaseTrouble(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'SqliteError') return false;
  const code = (error as Error & { code?: string }).code ?? '';
  return /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|NOMEM|CORRUPT|NOTADB|PROTOCOL)/.test(code);
}

/** imapflow's "Command failed" says little; the server's own words say why (`Authentication failed.`). */
function imapErrorMessage(error: Error): string {
  const response = (error as Error & { responseText?: string }).responseText;
  return response ? `${error.message}: ${response}` : error.message;
}

function leafParts(node: MessageStructureObject): MessageStructureObject[] {
  if (!node.childNodes || node.childNodes.length === 0) return [node];
  return node.childNodes.flatMap(leafParts);
}

function htmlEmail(html: string): Buffer {
  return Buffer.from(`Content-Type: text/html; charset=utf-8\r\n\r\n${html}`, 'utf8');
}
