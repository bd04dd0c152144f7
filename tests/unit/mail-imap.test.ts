import type { Kysely } from 'kysely';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { inboundConfigFromEnv, mailConfigFromEnv, type InboundConfig, type MailConfig } from '../../api/mail/config';
import { parseEmail } from '../../api/mail/inbound-message';
import { createImapPoller, HANDLED_KEYWORD, type ImapPoller } from '../../api/mail/imap-poller';
import { receiveEmail } from '../../api/services/inbound-email';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';
import { startTestImapServer, type TestImapServer } from '../support/imap-server';

// Dovecot waits a moment before answering a wrong password; the default 5 s is tight for that test.
vi.setConfig({ testTimeout: 30_000 });

let imap: TestImapServer;
let db: Kysely<Database>;
let mail: MailConfig;
let inbound: InboundConfig;
const pollers: ImapPoller[] = [];
const logged: string[] = [];

beforeAll(async () => {
  imap = await startTestImapServer();
});
afterAll(async () => {
  await imap.dispose();
});

beforeEach(async () => {
  db = await createTestDatabase();
  mail = mailConfigFromEnv(
    { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'support@tallybook.test' },
    'https://help.tallybook.test',
  )!;
  inbound = inboundConfigFromEnv({ IMAP_URL: imap.url }, mail)!;
  // Every test starts with an empty INBOX.
  const client = await imap.client();
  await client.mailboxOpen('INBOX');
  if ((client.mailbox ? client.mailbox.exists : 0) > 0) await client.messageDelete('1:*');
  await client.logout();
  logged.length = 0;
});
afterEach(async () => {
  for (const poller of pollers.splice(0)) await poller.close();
  await db.destroy();
});

function poller(overrides: Partial<InboundConfig> = {}): ImapPoller {
  const created = createImapPoller({
    db,
    mail,
    inbound: { ...inbound, ...overrides },
    clock: () => new Date('2026-11-27T10:00:00Z'),
    log: (line) => logged.push(line),
  });
  pollers.push(created);
  return created;
}

function compose(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ to: 'support@tallybook.test', ...options }).compile().build();
}

const count = async (table: 'tickets' | 'messages' | 'outbox') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the support mailbox, read over IMAP from a real Dovecot', () => {
  it('opens tickets from new mail, sets machines and junk aside, and marks every message handled', async () => {
    await imap.append(
      await compose({ from: 'Ann <ann@example.com>', subject: 'Cannot log in', messageId: '<a1@example.com>', text: 'Help!' }),
    );
    await imap.append(
      await compose({ from: 'ann@example.com', subject: 'Away', headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Out' }),
    );
    await imap.append(Buffer.from('\r\n\r\nno headers, no sender\r\n'));

    const round = await poller().poll();
    expect(round.results.map((result) => result.outcome)).toEqual(['ticket_created', 'ignored', 'rejected']);
    expect(await count('tickets')).toBe(1);
    expect((await imap.list()).map((message) => message.flags.sort())).toEqual([
      ['$Docket', '\\Seen'],
      ['$Docket', '\\Seen'],
      ['$Docket', '\\Seen'],
    ]);
    expect(logged).toEqual([
      expect.stringMatching(/ignored: auto-reply: Auto-Submitted: auto-replied$/),
      expect.stringMatching(/rejected: no sender address$/),
    ]);
    expect(await poller().poll()).toEqual({ handled: 0, results: [] });
  });

  it('mail read together is stored together, in order: a follow-up finds the ticket its first email opened', async () => {
    await imap.append(
      await compose({ from: 'fay@example.com', subject: 'Sync broken', messageId: '<f1@example.com>', text: 'Sync fails.' }),
    );
    await imap.append(
      await compose({
        from: 'fay@example.com',
        subject: 'Re: Sync broken',
        messageId: '<f2@example.com>',
        inReplyTo: '<f1@example.com>',
        references: ['<f1@example.com>'],
        text: 'Also on my phone.',
      }),
    );
    const round = await poller().poll();
    expect(round.results.map((result) => result.outcome)).toEqual(['ticket_created', 'reply_added']);
    expect(round.results[1]?.ticketId).toBe(round.results[0]?.ticketId);
    expect(await db.selectFrom('messages').select('body').orderBy('id').execute()).toEqual([
      { body: 'Sync fails.' },
      { body: 'Also on my phone.' },
    ]);
  });

  it('a restart after the ticket was stored but before the mailbox was marked makes no second ticket', async () => {
    const raw = await compose({ from: 'bo@example.com', subject: 'Crash test', messageId: '<crash@example.com>', text: 'Hello' });
    await imap.append(raw);
    // The first process stored it, then died before it could set the flag.
    await receiveEmail(db, new Date(), await parseEmail(raw, { maxAttachmentBytes: inbound.maxAttachmentBytes }), mail, 1e6);
    expect((await imap.list())[0]?.flags).not.toContain(HANDLED_KEYWORD);

    const round = await poller().poll();
    expect(round.results.map((result) => result.outcome)).toEqual(['duplicate']);
    expect(await count('tickets')).toBe(1);
    expect(await count('outbox')).toBe(1);
    expect((await imap.list())[0]?.flags).toContain(HANDLED_KEYWORD);
  });

  it('an email too large to download whole still opens a ticket with its text, the files named but not kept', async () => {
    await imap.append(
      await compose({
        from: 'cat@example.com',
        subject: 'Video of the bug',
        text: 'The video shows the crash at 0:42.',
        attachments: [{ filename: 'crash.mp4', content: Buffer.alloc(300_000, 1), contentType: 'video/mp4' }],
      }),
    );
    const round = await poller({ maxMessageBytes: 100_000 }).poll();
    expect(round.results.map((result) => result.outcome)).toEqual(['ticket_created']);
    const message = await db.selectFrom('messages').selectAll().executeTakeFirstOrThrow();
    expect(message.body).toMatch(/^The video shows the crash at 0:42\.\n\n\[Attachment not kept: crash\.mp4, /);
    const file = await db.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
    expect(file).toMatchObject({ filename: 'crash.mp4', content_type: 'video/mp4', content: null });
    expect(file.size).toBeGreaterThan(300_000);
  });

  it('mail that arrives while Docket is connected is read without waiting for the next poll', async () => {
    const reader = poller();
    await reader.poll();
    await imap.append(await compose({ from: 'dan@example.com', subject: 'Pushed', text: 'IDLE should see me.' }));
    for (let tries = 0; tries < 100 && (await count('tickets')) === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await count('tickets')).toBe(1);
  });

  it('an existing mailbox’s old mail is left alone: only recent mail becomes tickets', async () => {
    const monthAgo = new Date('2026-10-28T10:00:00Z');
    await imap.append(await compose({ from: 'old@example.com', subject: 'From last month', text: 'Old' }), monthAgo);
    await imap.append(await compose({ from: 'new@example.com', subject: 'From today', text: 'New' }));
    const round = await poller().poll();
    expect(round.results.map((result) => result.outcome)).toEqual(['ticket_created']);
    expect(await db.selectFrom('tickets').select('subject').execute()).toEqual([{ subject: 'From today' }]);
    expect(logged).toEqual(['1 email in INBOX older than 7 days is left alone (IMAP_MAX_AGE_DAYS).']);
  });

  it('a wrong password fails the round with the server’s answer, for the admins to see; a right one reads on', async () => {
    const wrong = poller({ password: 'wrong' });
    expect(wrong.status()).toMatchObject({ mailbox: `support@127.0.0.1/INBOX`, lastReadAt: null, error: null });
    await expect(wrong.poll()).rejects.toThrow();
    expect(wrong.status().error?.message).toMatch(/Authentication failed/);

    await imap.append(await compose({ from: 'eve@example.com', subject: 'Still here', text: 'Hi' }));
    const right = poller();
    expect((await right.poll()).handled).toBe(1);
    expect(right.status()).toMatchObject({ lastReadAt: new Date('2026-11-27T10:00:00Z').getTime(), handled: 1, error: null });
  });
});
