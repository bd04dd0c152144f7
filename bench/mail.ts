/**
 * `npm run bench:mail`: email in and out through real servers. Debian's Dovecot holds the support mailbox and
 * aiosmtpd plays the SMTP server (the test servers of tests/support); Docket's data is a fresh SQLite file
 * opened as the server opens it (WAL, synchronous=FULL).
 *
 * In: customers' mail (new requests in plain text, HTML only or with an attachment, in English and Russian, a
 * few in KOI8-R or Windows-1251; replies quoting our notifications; out-of-office answers) is appended to INBOX,
 * then read by the IMAP poller (`poll()`), timed: tickets/s and messages/s, against the same tickets opened
 * through `createTicket` (the web form's path, no IMAP, no MIME) on another fresh file in the same run. Replies
 * need our Message-IDs, so the mail arrives in two rounds: new requests, then replies to their notifications
 * mixed with more new mail. Checks the counts (tickets, replies, ignored) and the `$Docket` flag on every message.
 *
 * Out: every "we received it" notification is then sent by the outbox (`sendDue()`), timed: emails/s, against
 * nodemailer's `sendMail` of the same emails over a transport like the outbox's (one pooled connection, up to
 * 100 emails each), and unpooled (a connection per email) for reference. Checks that aiosmtpd got each Message-ID exactly once.
 *
 * Every timed path first runs a few dozen times untimed (on a throwaway file), so neither side of a ratio pays
 * for being first to run.
 *
 * Options: --messages N (default 1000), --seed N (default 20261127).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { createTransport, type Transporter } from 'nodemailer';
import { inboundConfigFromEnv, mailConfigFromEnv, type MailConfig } from '../api/mail/config';
import { createImapPoller, HANDLED_KEYWORD } from '../api/mail/imap-poller';
import { parseEmail } from '../api/mail/inbound-message';
import { createOutboxSender } from '../api/mail/outbox';
import { receiveEmail, type InboundResult } from '../api/services/inbound-email';
import { createTicket, type NewTicketRequest } from '../api/services/tickets';
import { migrateToLatest, openDatabase } from '../db/connection';
import type { Database, OutboxEmail } from '../db/schema';
import { startTestImapServer, type TestImapServer } from '../tests/support/imap-server';
import { startTestSmtpServer } from '../tests/support/smtp-server';
import { formatBytes, formatCount, formatMs, formatPercent, formatTable } from './lib/format';
import { createMailCorpus, type AnsweredEmail, type ComposedMail, type MailKind } from './lib/mail-corpus';
import { cpuMsBetween, findProcess, readTreeCpu } from './lib/process-tree';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(args[index + 1]);
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : fallback;
};
const MESSAGES = option('messages', 1000);
const SEED = option('seed', 20261127);

/** Of all messages: replies to earlier tickets and out-of-office answers; the rest are new requests. */
const REPLY_SHARE = 0.2;
const AUTO_REPLY_SHARE = 0.02;
/** Of the new requests, the share that arrives in the first round (the rest come mixed with the replies). */
const FIRST_ROUND_SHARE = 0.7;
/** Distinct senders per message: ~300 for 1,000 messages, some writing more than once. */
const SENDERS_PER_MESSAGE = 0.34;
const SUPPORT = 'support@tallybook.test';
/** Emails parsed and stored, web tickets opened and emails sent before anything is timed. */
const WARM_UP = 50;

// ——— cleanup, even when something fails or the run is interrupted ———

const disposers: Array<() => unknown> = [];
let cleanup: Promise<void> | undefined;
let interrupted = false;
/** Stops the servers and removes the temp files, once: a second caller waits for the first one's cleanup. */
function disposeAll(): Promise<void> {
  cleanup ??= (async () => {
    for (const dispose of disposers.reverse()) {
      try {
        await dispose();
      } catch (error) {
        console.error(`Cleanup: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleanup;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    // Work still in flight fails once its database closes; that must not end the process before the cleanup does.
    process.on('unhandledRejection', () => undefined);
    console.error(`\n${signal}: stopping the servers and removing the temp files.`);
    void disposeAll().finally(() => process.exit(130));
  });
}

// ——— measuring ———

interface Timed {
  wallMs: number;
  nodeCpuMs: number;
  /** CPU of the server on the other end (Dovecot's processes, or aiosmtpd), when its process was found. */
  serverCpuMs: number | undefined;
}

/** Wall time and CPU of `work`: this process's (user + system), and the server process tree's. */
async function timed<T>(serverPid: number | undefined, work: () => Promise<T>): Promise<Timed & { value: T }> {
  const serverBefore = serverPid ? readTreeCpu(serverPid) : undefined;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpuMs = serverPid && serverBefore ? cpuMsBetween(serverBefore, readTreeCpu(serverPid)) : undefined;
  return { value, wallMs, nodeCpuMs: (cpu.user + cpu.system) / 1000, serverCpuMs };
}

const perSecond = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : 0);
const perItem = (ms: number, count: number) => (count > 0 ? `${(ms / count).toFixed(2)} ms` : '—');
const cpuCell = (ms: number | undefined) => (ms === undefined ? '—' : formatMs(ms));
const rate = (value: number) => value.toFixed(value < 100 ? 1 : 0);

const failures: string[] = [];
function check(ok: boolean, what: string): string {
  if (!ok) failures.push(what);
  return `${ok ? '✓' : '✗'} ${what}`;
}

function databaseSize(file: string): string {
  const wal = `${file}-wal`;
  return `${formatBytes(statSync(file).size)} + WAL ${formatBytes(existsSync(wal) ? statSync(wal).size : 0)}`;
}

function version(command: string, commandArgs: string[]): string {
  const result = spawnSync(command, commandArgs, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split(/\s/)[0] || '?' : '?';
}

/** Puts mail into INBOX over one IMAP connection, as a mail server delivering it would (setup, not measured). */
async function appendAll(imap: TestImapServer, mails: ComposedMail[]): Promise<number> {
  const started = performance.now();
  const client = await imap.client();
  try {
    for (const mail of mails) await client.append('INBOX', mail.raw);
  } finally {
    await client.logout();
  }
  return performance.now() - started;
}

/** How many of INBOX's messages carry Docket's keyword, and how many there are. */
async function flaggedMessages(imap: TestImapServer): Promise<{ flagged: number; total: number }> {
  const client = await imap.client();
  try {
    const lock = await client.getMailboxLock('INBOX');
    let flagged = 0;
    let total = 0;
    try {
      for await (const message of client.fetch('1:*', { flags: true })) {
        total += 1;
        if (message.flags?.has(HANDLED_KEYWORD)) flagged += 1;
      }
    } finally {
      lock.release();
    }
    return { flagged, total };
  } finally {
    await client.logout();
  }
}

/** The notification a customer answers, as the outbox holds it (bodies are only emptied once sent). */
function answered(row: OutboxEmail): AnsweredEmail {
  return {
    messageId: row.message_id,
    references: row.references,
    subject: row.subject,
    text: row.text_body,
    replyTo: row.reply_to,
    to: { name: row.to_name, address: row.to_address },
  };
}

function countKinds(mails: ComposedMail[]): Map<MailKind, number> {
  const counts = new Map<MailKind, number>();
  for (const mail of mails) counts.set(mail.kind, (counts.get(mail.kind) ?? 0) + 1);
  return counts;
}

const expectedOutcome: Record<MailKind, InboundResult['outcome']> = {
  'plain text': 'ticket_created',
  'HTML only': 'ticket_created',
  'with an attachment': 'ticket_created',
  'KOI8-R': 'ticket_created',
  'Windows-1251': 'ticket_created',
  'charset undeclared': 'ticket_created',
  reply: 'reply_added',
  'auto-reply': 'ignored',
};

async function outcomes(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('inbound_emails')
    .select(['outcome', db.fn.countAll<number>().as('count')])
    .groupBy('outcome')
    .execute();
  return new Map(rows.map((row) => [row.outcome, Number(row.count)]));
}

async function count(db: Kysely<Database>, table: 'tickets' | 'messages' | 'attachments' | 'customers'): Promise<number> {
  const row = await db.selectFrom(table).select(db.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** What the web form would send for the same request: the customer's own words, no MIME. */
function webRequest(mail: ComposedMail): NewTicketRequest {
  return {
    name: mail.sender.name,
    email: mail.sender.address,
    subject: mail.subject || (mail.russian ? '(без темы)' : '(no subject)'),
    message: mail.text,
    category: null,
    locale: mail.russian ? 'ru' : 'en',
    channel: 'web',
  };
}

/** The outbox's emails sent by nodemailer alone, one after another, as the outbox sends them (`prefix` marks their Message-IDs). */
async function rawSend(transport: Transporter, config: MailConfig, rows: OutboxEmail[], prefix: string): Promise<void> {
  for (const row of rows) {
    await transport.sendMail({
      from: { name: config.fromName, address: config.fromAddress },
      to: { name: row.to_name, address: row.to_address },
      replyTo: row.reply_to,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      messageId: row.message_id.replace('<docket.', `<${prefix}.`),
      ...(row.in_reply_to ? { inReplyTo: row.in_reply_to } : {}),
      ...(row.references ? { references: row.references } : {}),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Docket-Ticket': String(row.ticket_id) },
    });
  }
}

/** nodemailer options for the SMTP URL, the same as the outbox sender builds for itself (api/mail/outbox.ts). */
function transportOptions(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port),
    secure: false,
    ignoreTLS: parsed.searchParams.get('tls') === 'off',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

// ——— the run ———

try {
  const work = mkdtempSync(join(tmpdir(), 'docket-bench-mail-'));
  disposers.push(() => rmSync(work, { recursive: true, force: true }));
  const imap = await startTestImapServer();
  disposers.push(() => imap.dispose());
  const smtp = await startTestSmtpServer();
  disposers.push(() => smtp.dispose());
  const dovecotPid = findProcess(join(dirname(dirname(imap.maildir)), 'dovecot.conf'));
  const smtpPid = findProcess(`127.0.0.1:${smtp.port}`);

  const mail = mailConfigFromEnv(
    { SMTP_URL: smtp.url, MAIL_FROM: `Tallybook Support <${SUPPORT}>` },
    'https://help.tallybook.test',
  )!;
  const inbound = inboundConfigFromEnv({ IMAP_URL: imap.url }, mail)!;
  const mailFile = join(work, 'mail.db');
  const db = openDatabase(mailFile);
  disposers.push(() => db.destroy());
  await migrateToLatest(db);

  // Warm-up, not timed: any code path runs slower for its first few hundred calls, until V8 has compiled it, and
  // whichever of two paths ran first would pay for that. Each path runs WARM_UP times on a file of its own here.
  const warmUpDb = openDatabase(join(work, 'warm-up.db'));
  disposers.push(() => warmUpDb.destroy());
  await migrateToLatest(warmUpDb);
  const warmUpCorpus = createMailCorpus({ seed: SEED + 1, senders: WARM_UP, supportAddress: SUPPORT });
  for (let i = 0; i < WARM_UP; i++) {
    const warmUpMail = await warmUpCorpus.newMail();
    const parsed = await parseEmail(warmUpMail.raw, { maxAttachmentBytes: inbound.maxAttachmentBytes });
    await receiveEmail(warmUpDb, new Date(), parsed, mail, inbound.maxAttachmentBytes);
    await createTicket(warmUpDb, new Date(), webRequest(warmUpMail), mail);
  }
  const warmUpEmails = await warmUpDb.selectFrom('outbox').selectAll().orderBy('id').execute();
  const warmUpTransport = createTransport(transportOptions(smtp.url));
  await rawSend(warmUpTransport, mail, warmUpEmails, 'warm-up');
  warmUpTransport.close();

  console.log(
    `bench:mail — ${formatCount(MESSAGES)} messages through the support mailbox into tickets, then out through the outbox`,
  );
  console.log(`command: npm run bench:mail -- --messages ${MESSAGES} --seed ${SEED}`);
  console.log(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? '?'}; Dovecot ${version('/usr/sbin/dovecot', ['--version'])} ` +
      `(IMAP on 127.0.0.1:${imap.port}); aiosmtpd ${version('/usr/bin/python3', ['-c', 'import aiosmtpd; print(aiosmtpd.__version__)'])} ` +
      `(127.0.0.1:${smtp.port}); SQLite files in ${work} (WAL, synchronous=FULL)`,
  );

  // The mail: new requests first; replies and auto-replies need the Message-IDs of our notifications to them.
  const replies = Math.round(MESSAGES * REPLY_SHARE);
  const autoReplies = Math.max(1, Math.round(MESSAGES * AUTO_REPLY_SHARE));
  const newMails = MESSAGES - replies - autoReplies;
  const firstRound = Math.max(1, Math.round(newMails * FIRST_ROUND_SHARE));
  const corpus = createMailCorpus({
    seed: SEED,
    senders: Math.max(10, Math.round(MESSAGES * SENDERS_PER_MESSAGE)),
    supportAddress: SUPPORT,
  });
  const round1: ComposedMail[] = [];
  for (let i = 0; i < firstRound; i++) round1.push(await corpus.newMail());
  const appended1 = await appendAll(imap, round1);

  const pollRound = async (label: string, mails: ComposedMail[]) => {
    const logged: string[] = [];
    const poller = createImapPoller({ db, mail, inbound, clock: () => new Date(), log: (line) => logged.push(line) });
    try {
      // Dovecot's CPU is read before the poller logs out: its imap process ends with the connection.
      const result = await timed(dovecotPid, () => poller.poll());
      return { label, mails, ...result, logged };
    } finally {
      await poller.close();
    }
  };
  const polled1 = await pollRound('round 1: new requests', round1);

  const notifications = await db.selectFrom('outbox').selectAll().where('kind', '=', 'ticket_received').orderBy('id').execute();
  const round2: ComposedMail[] = [];
  for (let i = 0; i < replies; i++) round2.push(await corpus.reply(answered(corpus.random.pick(notifications))));
  for (let i = 0; i < autoReplies; i++) round2.push(await corpus.autoReply(answered(corpus.random.pick(notifications))));
  for (let i = firstRound; i < newMails; i++) round2.push(await corpus.newMail());
  corpus.shuffle(round2);
  const appended2 = await appendAll(imap, round2);
  const polled2 = await pollRound('round 2: replies, auto-replies, new', round2);

  const all = [...round1, ...round2];
  const kinds = countKinds(all);
  const senders = new Set(all.map((m) => m.sender.address)).size;
  const bytes = all.reduce((sum, m) => sum + m.raw.length, 0);
  const newKinds = (Object.keys(expectedOutcome) as MailKind[])
    .filter((kind) => expectedOutcome[kind] === 'ticket_created' && kinds.has(kind))
    .map((kind): [MailKind, number] => [kind, kinds.get(kind)!]);
  console.log(
    `\nMail: ${formatCount(all.length)} messages, ${formatBytes(bytes)}, from ${formatCount(senders)} senders — ` +
      `${formatCount(newMails)} new requests (${newKinds.map(([kind, n]) => `${n} ${kind}`).join(', ')}; ` +
      `${all.filter((m) => m.russian && expectedOutcome[m.kind] === 'ticket_created').length} in Russian), ` +
      `${kinds.get('reply') ?? 0} replies, ${kinds.get('auto-reply') ?? 0} auto-replies.`,
  );
  console.log(
    `Appended to INBOX over one IMAP connection in ${formatMs(appended1)} + ${formatMs(appended2)} (setup, not timed below).`,
  );
  console.log(
    `Warm-up, not timed: ${WARM_UP} other emails parsed and stored, ${WARM_UP} web tickets opened, ` +
      `${warmUpEmails.length} emails sent, each path on a throwaway file.`,
  );
  const peakRssAfterPoll = process.resourceUsage().maxRSS * 1024;

  // The baseline: the same tickets opened through the web form's service, no IMAP and no MIME.
  const webFile = join(work, 'web.db');
  const webDb = openDatabase(webFile);
  disposers.push(() => webDb.destroy());
  await migrateToLatest(webDb);
  const requests = all.filter((m) => expectedOutcome[m.kind] === 'ticket_created').map(webRequest);
  const web = await timed(undefined, async () => {
    for (const request of requests) await createTicket(webDb, new Date(), request, mail);
  });

  // What became of the mail.
  const results = [...polled1.value.results, ...polled2.value.results];
  const byOutcome = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
  const expected = (outcome: string) => all.filter((m) => expectedOutcome[m.kind] === outcome).length;
  const stored = await outcomes(db);
  const tickets = await count(db, 'tickets');
  const flags = await flaggedMessages(imap);
  const mailTickets = byOutcome('ticket_created');

  const pollRows = [polled1, polled2].map((p) => {
    const created = p.value.results.filter((r) => r.outcome === 'ticket_created').length;
    return [
      p.label,
      formatCount(p.value.handled),
      formatCount(created),
      formatMs(p.wallMs),
      perItem(p.wallMs, p.value.handled),
      formatMs(p.nodeCpuMs),
      cpuCell(p.serverCpuMs),
      rate(perSecond(p.value.handled, p.wallMs)),
      rate(perSecond(created, p.wallMs)),
      '',
    ];
  });
  const mailWall = polled1.wallMs + polled2.wallMs;
  const mailRate = perSecond(mailTickets, mailWall);
  const webRate = perSecond(requests.length, web.wallMs);
  const dovecotCpu =
    polled1.serverCpuMs !== undefined && polled2.serverCpuMs !== undefined
      ? polled1.serverCpuMs + polled2.serverCpuMs
      : undefined;
  console.log(
    '\nReading the mailbox: IMAP poller poll() (connect, search, then per batch of up to 50 messages: one FETCH, parse, one commit, one STORE of the flags)',
  );
  console.log(
    formatTable([
      ['', 'messages', 'tickets', 'wall', 'per message', 'node CPU', 'Dovecot CPU', 'messages/s', 'tickets/s', 'vs web'],
      ...pollRows,
      [
        'email, both rounds',
        formatCount(results.length),
        formatCount(mailTickets),
        formatMs(mailWall),
        perItem(mailWall, results.length),
        formatMs(polled1.nodeCpuMs + polled2.nodeCpuMs),
        cpuCell(dovecotCpu),
        rate(perSecond(results.length, mailWall)),
        rate(mailRate),
        formatPercent(mailRate / webRate),
      ],
      [
        'web: createTicket() (baseline)',
        '—',
        formatCount(requests.length),
        formatMs(web.wallMs),
        perItem(web.wallMs, requests.length),
        formatMs(web.nodeCpuMs),
        '—',
        '—',
        rate(webRate),
        '100%',
      ],
    ]),
  );
  console.log(
    `  ratio mail/web: tickets/s ${(mailRate / webRate).toFixed(3)}; messages/s over web tickets/s ` +
      `${(perSecond(results.length, mailWall) / webRate).toFixed(3)} (each web ticket also writes its notification to the outbox, as email's do)`,
  );
  console.log(
    [
      check(
        mailTickets === expected('ticket_created') && tickets === mailTickets && stored.get('ticket_created') === mailTickets,
        `${formatCount(tickets)} tickets created = ${formatCount(expected('ticket_created'))} new requests`,
      ),
      check(
        byOutcome('reply_added') === expected('reply_added') && stored.get('reply_added') === expected('reply_added'),
        `${formatCount(byOutcome('reply_added'))} replies added = ${formatCount(expected('reply_added'))} replies sent`,
      ),
      check(
        byOutcome('ignored') === expected('ignored') && stored.get('ignored') === expected('ignored'),
        `${formatCount(byOutcome('ignored'))} ignored = ${formatCount(expected('ignored'))} auto-replies`,
      ),
      check(
        results.length === all.length && byOutcome('rejected') === 0 && byOutcome('duplicate') === 0,
        `${formatCount(results.length)} of ${formatCount(all.length)} handled, ${byOutcome('rejected')} rejected, ${byOutcome('duplicate')} duplicates`,
      ),
      check(
        flags.flagged === all.length && flags.total === all.length,
        `${formatCount(flags.flagged)} of ${formatCount(flags.total)} messages in INBOX flagged ${HANDLED_KEYWORD}`,
      ),
    ]
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  console.log(
    `  also stored: ${formatCount(await count(db, 'messages'))} messages, ${formatCount(await count(db, 'attachments'))} attachments, ` +
      `${formatCount(await count(db, 'customers'))} customers`,
  );
  console.log(
    `  peak RSS of this process after reading the mail: ${formatBytes(peakRssAfterPoll)}; ` +
      `mail database ${databaseSize(mailFile)}; web database ${databaseSize(webFile)}`,
  );

  // The outbox: every notification written above is due now.
  const pending = await db.selectFrom('outbox').selectAll().where('status', '=', 'pending').orderBy('id').execute();
  const sender = createOutboxSender({ db, mail: { ...mail, firstRetryMs: 200 }, clock: () => new Date() });
  disposers.push(() => sender.close());
  let rounds = 0;
  let failedSends = 0;
  const outbox = await timed(smtpPid, async () => {
    for (;;) {
      const round = await sender.sendDue();
      rounds += 1;
      failedSends += round.failed;
      const left = await db
        .selectFrom('outbox')
        .select(db.fn.countAll<number>().as('count'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      if (Number(left.count) === 0) return;
      if (failedSends > 20) throw new Error(`The outbox could not send: ${failedSends} failed attempts.`);
      if (round.failed > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  const sentIds = new Set(pending.map((row) => row.message_id));
  const afterOutbox = (await smtp.messages()).map((m) => m.messageId ?? '');
  const outboxReceived = afterOutbox.filter((id) => id.startsWith('<docket.'));

  // The baselines: the same emails, sent with nodemailer alone, one after another.
  const pooled = createTransport({ ...transportOptions(smtp.url), pool: true, maxConnections: 1, maxMessages: 100 });
  disposers.push(() => pooled.close());
  const raw = await timed(smtpPid, () => rawSend(pooled, mail, pending, 'raw'));
  const unpooled = createTransport(transportOptions(smtp.url));
  disposers.push(() => unpooled.close());
  const rawUnpooled = await timed(smtpPid, () => rawSend(unpooled, mail, pending, 'unpooled'));
  const received = (await smtp.messages()).map((m) => m.messageId ?? '');
  const receivedWith = (prefix: string) => received.filter((id) => id.startsWith(`<${prefix}.`)).length;

  const outboxRate = perSecond(pending.length, outbox.wallMs);
  const rawRate = perSecond(pending.length, raw.wallMs);
  const sendRow = (label: string, result: Timed, ratio: string) => [
    label,
    formatCount(pending.length),
    formatMs(result.wallMs),
    perItem(result.wallMs, pending.length),
    formatMs(result.nodeCpuMs),
    cpuCell(result.serverCpuMs),
    rate(perSecond(pending.length, result.wallMs)),
    ratio,
  ];
  const kindsPending = new Map<string, number>();
  for (const row of pending) kindsPending.set(row.kind, (kindsPending.get(row.kind) ?? 0) + 1);
  console.log(
    `\nSending the outbox: ${formatCount(pending.length)} emails pending (${[...kindsPending].map(([kind, n]) => `${n} ${kind}`).join(', ')}), to aiosmtpd`,
  );
  console.log(
    formatTable([
      ['', 'emails', 'wall', 'per email', 'node CPU', 'aiosmtpd CPU', 'emails/s', 'vs raw'],
      sendRow(`outbox sendDue(), ${rounds} round${rounds === 1 ? '' : 's'}`, outbox, formatPercent(outboxRate / rawRate)),
      sendRow('raw sendMail, pooled like the outbox (baseline)', raw, '100%'),
      sendRow(
        'raw sendMail, a connection per email (reference)',
        rawUnpooled,
        formatPercent(perSecond(pending.length, rawUnpooled.wallMs) / rawRate),
      ),
    ]),
  );
  console.log(`  ratio outbox/raw: ${(outboxRate / rawRate).toFixed(3)}`);
  console.log(
    [
      check(
        outboxReceived.length === pending.length &&
          new Set(outboxReceived).size === pending.length &&
          outboxReceived.every((id) => sentIds.has(id)),
        `aiosmtpd received ${formatCount(new Set(outboxReceived).size)} distinct Message-IDs from the outbox in ${formatCount(outboxReceived.length)} emails = the ${formatCount(pending.length)} pending`,
      ),
      check(failedSends === 0, `${failedSends} failed sends`),
      check(
        receivedWith('raw') === pending.length && receivedWith('unpooled') === pending.length,
        `baselines delivered ${formatCount(receivedWith('raw'))} + ${formatCount(receivedWith('unpooled'))} emails`,
      ),
    ]
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  console.log(
    `  peak RSS of this process: ${formatBytes(process.resourceUsage().maxRSS * 1024)}; mail database now ${databaseSize(mailFile)}`,
  );
  if (failures.length > 0) {
    console.error(`\n${failures.length} check${failures.length === 1 ? '' : 's'} failed: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
} catch (error) {
  // Interrupted, the run fails on the servers and database taken from under it: that is no news.
  if (!interrupted) throw error;
} finally {
  await disposeAll();
}
