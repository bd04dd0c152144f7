import iconv from 'iconv-lite';
import type { Kysely } from 'kysely';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mailConfigFromEnv, inboundConfigFromEnv, type MailConfig } from '../../api/mail/config';
import { parseEmail } from '../../api/mail/inbound-message';
import { addAgentMessage, updateTicketAsAgent } from '../../api/services/agent-tickets';
import { createAgent } from '../../api/services/agents';
import { LOOP_LIMIT, MAX_BODY_CHARS, receiveEmail } from '../../api/services/inbound-email';
import { createTicket } from '../../api/services/tickets';
import type { Agent, Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

let db: Kysely<Database>;
let mail: MailConfig;
let now: Date;
let agent: Agent;
const MAX_ATTACHMENT = 64 * 1024;

beforeEach(async () => {
  db = await createTestDatabase();
  now = new Date('2026-11-27T10:00:00Z');
  const config = mailConfigFromEnv(
    { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'Tallybook Support <support@tallybook.test>' },
    'https://help.tallybook.test',
  );
  if (!config) throw new Error('mail config expected');
  mail = config;
  agent = await createAgent(
    db,
    { name: 'Grace', email: 'grace@tallybook.test', role: 'agent', password: 'correct horse battery' },
    now.getTime(),
  );
});
afterEach(async () => {
  await db.destroy();
});

/** A real RFC 5322 message, composed by nodemailer as a mail client would send it. */
async function compose(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ to: 'support@tallybook.test', ...options }).compile().build();
}

async function receive(raw: Buffer | string) {
  const bytes = typeof raw === 'string' ? Buffer.from(raw.replace(/\r?\n/g, '\r\n'), 'utf8') : raw;
  return receiveEmail(db, now, await parseEmail(bytes, { maxAttachmentBytes: MAX_ATTACHMENT }), mail, MAX_ATTACHMENT);
}

async function ticketOf(id: number | undefined) {
  const ticket = await db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', id ?? -1)
    .executeTakeFirstOrThrow();
  const messages = await db.selectFrom('messages').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute();
  const customer = await db.selectFrom('customers').selectAll().where('id', '=', ticket.customer_id).executeTakeFirstOrThrow();
  return { ticket, messages, customer };
}

const ticketCount = async () =>
  Number(
    (
      await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('an email to support', () => {
  it('opens a ticket from the sender, subject and text, and the acknowledgement threads under the customer’s email', async () => {
    const result = await receive(
      await compose({
        from: '"Anna Petrova" <Anna.Petrova@example.com>',
        subject: 'Fwd: Export to CSV stops at 1,000 rows',
        messageId: '<CAF1234@mail.example.com>',
        text: 'Hi,\n\nWhen I export my invoices to CSV, the file stops at 1,000 rows.\n\nAnna\n-- \nAnna Petrova\nAcme Ltd, +1 555 0100',
      }),
    );
    expect(result.outcome).toBe('ticket_created');
    const { ticket, messages, customer } = await ticketOf(result.ticketId);
    expect(ticket).toMatchObject({ channel: 'email', status: 'new', locale: 'en', subject: 'Export to CSV stops at 1,000 rows' });
    expect(customer).toMatchObject({ email: 'anna.petrova@example.com', name: 'Anna Petrova' });
    expect(messages.map((message) => message.body)).toEqual([
      'Hi,\n\nWhen I export my invoices to CSV, the file stops at 1,000 rows.\n\nAnna',
    ]);

    const [ack] = await db.selectFrom('outbox').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(ack).toMatchObject({
      kind: 'ticket_received',
      to_address: 'anna.petrova@example.com',
      in_reply_to: '<CAF1234@mail.example.com>',
      references: '<CAF1234@mail.example.com>',
      reply_to: `support+t${ticket.id}@tallybook.test`,
    });
    const log = await db.selectFrom('inbound_emails').selectAll().executeTakeFirstOrThrow();
    expect(log).toMatchObject({ message_id: '<CAF1234@mail.example.com>', outcome: 'ticket_created', ticket_id: ticket.id });
  });

  it('read twice (a restart before the mailbox was marked), it makes one ticket', async () => {
    const raw = await compose({
      from: 'ann@example.com',
      subject: 'Twice',
      messageId: '<twice@example.com>',
      text: 'Once, please.',
    });
    const first = await receive(raw);
    const second = await receive(raw);
    expect(second).toEqual({ outcome: 'duplicate', ticketId: first.ticketId });
    expect(await ticketCount()).toBe(1);
    expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(1);
  });

  it('a sender that reuses one Message-ID for different mail still gets each of them read', async () => {
    const first = await receive(
      await compose({ from: 'form@example.com', subject: 'Form 1', messageId: '<same@example.com>', text: 'First' }),
    );
    const second = await receive(
      await compose({ from: 'form@example.com', subject: 'Form 2', messageId: '<same@example.com>', text: 'Second' }),
    );
    expect([first.outcome, second.outcome]).toEqual(['ticket_created', 'ticket_created']);
    expect(second.ticketId).not.toBe(first.ticketId);
  });

  it('one email that reached support by two addresses (To and Cc) makes one ticket', async () => {
    const copy = (deliveredTo: string) =>
      `From: ann@example.com\nTo: support@tallybook.test\nCc: help@tallybook.test\nDelivered-To: ${deliveredTo}\nSubject: Twice delivered\nMessage-ID: <copies@example.com>\n\nOne question.\n`;
    const first = await receive(copy('support@tallybook.test'));
    expect(await receive(copy('help@tallybook.test'))).toEqual({ outcome: 'duplicate', ticketId: first.ticketId });
    expect(await ticketCount()).toBe(1);
  });

  it('without a Message-ID, the same bytes are still recognised the second time', async () => {
    const raw = 'From: ann@example.com\nTo: support@tallybook.test\nSubject: No id\n\nMy client sets no Message-ID.\n';
    expect((await receive(raw)).outcome).toBe('ticket_created');
    expect((await receive(raw)).outcome).toBe('duplicate');
    expect(await ticketCount()).toBe(1);
  });
});

describe('a customer answering by email', () => {
  async function openedByWeb() {
    const { ticket } = await createTicket(
      db,
      now,
      {
        name: 'Ada',
        email: 'ada@example.com',
        subject: 'Invoice PDF is blank',
        message: 'The PDF has no pages.',
        category: null,
        locale: 'en',
        channel: 'web',
      },
      mail,
    );
    await addAgentMessage(db, agent, ticket.id, { body: 'Could you try again now?', internal: false }, now.getTime(), mail);
    const emails = await db.selectFrom('outbox').selectAll().where('ticket_id', '=', ticket.id).orderBy('id').execute();
    return { ticket, reply: emails.at(-1)! };
  }

  it('lands on the same ticket by In-Reply-To, without the quoted history, and the agent’s next email threads under it', async () => {
    const { ticket, reply } = await openedByWeb();
    await updateTicketAsAgent(db, agent, ticket.id, { status: 'solved' }, now.getTime(), mail);
    now = new Date(now.getTime() + 60_000);
    const result = await receive(
      await compose({
        from: 'Ada <ada@example.com>',
        to: reply.reply_to,
        subject: `Re: ${reply.subject}`,
        messageId: '<answer-1@example.com>',
        inReplyTo: reply.message_id,
        references: [reply.message_id],
        text: `Still blank, sorry.\n\nOn Fri, 27 Nov 2026 at 10:00, Tallybook Support <${reply.reply_to}> wrote:\n> Could you try again now?\n`,
      }),
    );
    expect(result).toEqual({ outcome: 'reply_added', ticketId: ticket.id });
    const after = await ticketOf(ticket.id);
    expect(after.messages.at(-1)).toMatchObject({ author_kind: 'customer', body: 'Still blank, sorry.', internal: 0 });
    expect(after.ticket).toMatchObject({ status: 'open', solved_at: null, last_message_author: 'customer' });

    await addAgentMessage(db, agent, ticket.id, { body: 'Fixed now.', internal: false }, now.getTime() + 60_000, mail);
    const next = await db
      .selectFrom('outbox')
      .selectAll()
      .where('ticket_id', '=', ticket.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(next.in_reply_to).toBe('<answer-1@example.com>');
  });

  it('lands on its ticket by the tagged reply address when the client dropped the threading headers', async () => {
    const { ticket } = await openedByWeb();
    const result = await receive(
      await compose({
        from: 'ada@example.com',
        to: `support+t${ticket.id}@tallybook.test`,
        subject: 'one more thing',
        text: 'Also the logo is missing.',
      }),
    );
    expect(result).toEqual({ outcome: 'reply_added', ticketId: ticket.id });
  });

  it('a ticket number alone (tag or [#N] in the subject) from someone else opens a new ticket instead', async () => {
    const { ticket } = await openedByWeb();
    const tagged = await receive(
      await compose({
        from: 'mallory@example.net',
        to: `support+t${ticket.id}@tallybook.test`,
        subject: 'hello',
        text: 'Let me in.',
      }),
    );
    const subject = await receive(
      await compose({ from: 'mallory@example.net', subject: `Re: [#${ticket.id}] Invoice PDF is blank`, text: 'Me too.' }),
    );
    expect(tagged.outcome).toBe('ticket_created');
    expect(subject.outcome).toBe('ticket_created');
    expect(tagged.ticketId).not.toBe(ticket.id);
    expect((await ticketOf(ticket.id)).messages).toHaveLength(2);
  });

  it('an answer to a closed ticket opens a follow-up ticket that says where it came from', async () => {
    const { ticket, reply } = await openedByWeb();
    await updateTicketAsAgent(db, agent, ticket.id, { status: 'solved' }, now.getTime(), mail);
    await updateTicketAsAgent(db, agent, ticket.id, { status: 'closed' }, now.getTime(), mail);
    const result = await receive(
      await compose({ from: 'ada@example.com', subject: 'Re: blank', inReplyTo: reply.message_id, text: 'It is back.' }),
    );
    expect(result.outcome).toBe('ticket_created');
    expect(result.ticketId).not.toBe(ticket.id);
    const created = await db
      .selectFrom('ticket_events')
      .select('data')
      .where('ticket_id', '=', result.ticketId!)
      .where('type', '=', 'created')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(created.data)).toEqual({ channel: 'email', followUpOf: ticket.id });
  });
});

describe('mail from machines is set aside, with the reason', () => {
  const cases: [string, Mail.Options][] = [
    ['auto-reply: Auto-Submitted: auto-replied', { headers: { 'Auto-Submitted': 'auto-replied' }, subject: 'Out of office' }],
    ['bulk mail: Precedence: bulk', { headers: { Precedence: 'bulk' }, subject: 'Our newsletter' }],
    ['auto-reply: X-Autoreply', { headers: { 'X-Autoreply': 'yes' }, subject: 'Away' }],
    ['bounce: from mailer-daemon@mx.example.com', { from: 'MAILER-DAEMON@mx.example.com', subject: 'Undelivered Mail' }],
    ['loop: our own notification', { headers: { 'X-Docket-Ticket': '7' }, subject: 'Re: [#7]' }],
    ['loop: our own Message-ID', { messageId: '<docket.7.abc@tallybook.test>', subject: 'echo' }],
    ['loop: from our own address support+t7@tallybook.test', { from: 'support+t7@tallybook.test', subject: 'echo' }],
  ];
  for (const [reason, options] of cases) {
    it(reason, async () => {
      const result = await receive(await compose({ from: 'someone@example.com', text: 'I am away until Monday.', ...options }));
      expect(result).toEqual({ outcome: 'ignored', reason });
      expect(await ticketCount()).toBe(0);
      expect(await db.selectFrom('outbox').select('id').execute()).toEqual([]);
      expect(await db.selectFrom('inbound_emails').select(['outcome', 'reason']).execute()).toEqual([
        { outcome: 'ignored', reason },
      ]);
    });
  }

  it('a flood from one address (an autoresponder that doesn’t say so) is taken for a loop', async () => {
    for (let i = 0; i < LOOP_LIMIT; i++) {
      expect(
        (
          await receive(
            await compose({ from: 'robot@example.com', subject: `Re: ticket ${i}`, text: 'Thank you for your email.' }),
          )
        ).outcome,
      ).not.toBe('ignored');
    }
    const next = await receive(
      await compose({ from: 'robot@example.com', subject: 'Re: again', text: 'Thank you for your email.' }),
    );
    expect(next).toEqual({ outcome: 'ignored', reason: `loop: ${LOOP_LIMIT} emails from robot@example.com within 10 minutes` });
    // Ten minutes on, the address is heard again.
    now = new Date(now.getTime() + 10 * 60_000 + 1);
    expect(
      (await receive(await compose({ from: 'robot@example.com', subject: 'Later', text: 'A person, this time.' }))).outcome,
    ).toBe('ticket_created');
  });

  it('a delivery status report (a bounce of our own email)', async () => {
    const raw = [
      'From: Mail Delivery System <bounces@mx.example.com>',
      'To: support@tallybook.test',
      'Subject: Delivery Status Notification (Failure)',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Delivery to ada@nowhere.example failed.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; ada@nowhere.example',
      'Action: failed',
      '--b1--',
      '',
    ].join('\n');
    expect(await receive(raw)).toEqual({ outcome: 'ignored', reason: 'bounce: delivery report' });
  });
});

describe('bad mail becomes a ticket or a logged rejection, never a crash', () => {
  it('Russian in KOI8-R, declared: read as Russian, and the ticket is in Russian', async () => {
    const body = iconv.encode('Здравствуйте! Не проходит оплата картой.', 'koi8-r');
    const subject = `=?KOI8-R?B?${iconv.encode('Оплата', 'koi8-r').toString('base64')}?=`;
    const raw = Buffer.concat([
      Buffer.from(
        `From: =?KOI8-R?B?${iconv.encode('Иван', 'koi8-r').toString('base64')}?= <ivan@example.ru>\r\nTo: support@tallybook.test\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      body,
    ]);
    const { ticket, messages, customer } = await ticketOf((await receive(raw)).ticketId);
    expect(ticket).toMatchObject({ subject: 'Оплата', locale: 'ru' });
    expect(customer.name).toBe('Иван');
    expect(messages[0]?.body).toBe('Здравствуйте! Не проходит оплата картой.');
  });

  for (const charset of ['windows-1251', 'koi8-r'] as const) {
    it(`Russian in ${charset} with no charset declared at all is recognised`, async () => {
      const raw = Buffer.concat([
        Buffer.from('From: olga@example.ru\r\nTo: support@tallybook.test\r\nSubject: vopros\r\nContent-Type: text/plain\r\n\r\n'),
        iconv.encode('Добрый день, не могу войти в аккаунт после смены пароля.', charset),
      ]);
      const { messages, ticket } = await ticketOf((await receive(raw)).ticketId);
      expect(messages[0]?.body).toBe('Добрый день, не могу войти в аккаунт после смены пароля.');
      expect(ticket.locale).toBe('ru');
    });
  }

  it('an unknown charset keeps the readable text', async () => {
    const raw =
      'From: zed@example.com\nTo: support@tallybook.test\nSubject: odd\nContent-Type: text/plain; charset=x-no-such-charset\n\nPlain words survive.\n';
    const { messages } = await ticketOf((await receive(raw)).ticketId);
    expect(messages[0]?.body).toBe('Plain words survive.');
  });

  it('HTML-only mail is turned into text', async () => {
    const result = await receive(
      await compose({
        from: 'bea@example.com',
        subject: 'Styled',
        html: '<div><p>Hello <b>team</b>,</p><p>the <i>Reports</i> page is empty.</p></div>',
      }),
    );
    const body = (await ticketOf(result.ticketId)).messages[0]?.body;
    expect(body).toContain('Hello team,');
    expect(body).toContain('the Reports page is empty.');
    expect(body).not.toContain('<');
  });

  it('a mail with only an attachment keeps the file and says there was no text', async () => {
    const result = await receive(
      await compose({
        from: 'cy@example.com',
        subject: 'Screenshot',
        attachments: [{ filename: 'screen.png', content: Buffer.alloc(2048, 7), contentType: 'image/png' }],
      }),
    );
    const { messages } = await ticketOf(result.ticketId);
    expect(messages[0]?.body).toBe('[The email had no text, only attachments.]');
    const files = await db.selectFrom('attachments').selectAll().where('message_id', '=', messages[0]!.id).execute();
    expect(files.map((file) => [file.filename, file.content_type, file.size, file.content?.length])).toEqual([
      ['screen.png', 'image/png', 2048, 2048],
    ]);
  });

  it('an attachment over the limit is named in the message, its size kept, its bytes not', async () => {
    const result = await receive(
      await compose({
        from: 'di@example.com',
        subject: 'Logs',
        text: 'Logs attached.',
        attachments: [
          { filename: 'small.txt', content: 'tiny' },
          { filename: 'huge.log', content: Buffer.alloc(MAX_ATTACHMENT + 1, 65) },
        ],
      }),
    );
    const { messages } = await ticketOf(result.ticketId);
    expect(messages[0]?.body).toBe('Logs attached.\n\n[Attachment not kept: huge.log, 64 KB, over the 64 KB limit.]');
    const files = await db.selectFrom('attachments').select(['filename', 'size', 'content']).orderBy('id').execute();
    expect(files.map((file) => [file.filename, file.size, file.content === null])).toEqual([
      ['small.txt', 4, false],
      ['huge.log', MAX_ATTACHMENT + 1, true],
    ]);
  });

  it('a text too long for one message keeps its start and attaches the whole', async () => {
    const text = 'word '.repeat(MAX_BODY_CHARS / 4);
    const result = await receive(await compose({ from: 'eve@example.com', subject: 'Long', text }));
    const { messages } = await ticketOf(result.ticketId);
    expect(messages[0]?.body.length).toBeLessThan(MAX_BODY_CHARS + 200);
    expect(messages[0]?.body).toContain('the whole text is attached as message.txt');
    const file = await db.selectFrom('attachments').selectAll().executeTakeFirstOrThrow();
    expect(file.filename).toBe('message.txt');
    expect(file.content?.toString('utf8').trim()).toBe(text.trim());
  });

  it('broken MIME (no closing boundary, bad base64) still opens a ticket', async () => {
    const raw = [
      'From: fay@example.com',
      'To: support@tallybook.test',
      'Subject: broken',
      'Content-Type: multipart/mixed; boundary="zzz"',
      '',
      '--zzz',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The app crashes on start.',
      '--zzz',
      'Content-Type: application/pdf; name=a.pdf',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename=a.pdf',
      '',
      '!!!not base64@@@',
      '',
    ].join('\n');
    const result = await receive(raw);
    expect(result.outcome).toBe('ticket_created');
    expect((await ticketOf(result.ticketId)).messages[0]?.body).toBe('The app crashes on start.');
  });

  it('a References header of 40,000 Message-IDs still threads by the newest, at no great cost', async () => {
    const { ticketId } = await receive(
      await compose({ from: 'ivy@example.com', subject: 'Start', messageId: '<start@example.com>', text: 'Hi' }),
    );
    const references = Array.from({ length: 40_000 }, (_, i) => `<old${i}@example.com>`).concat('<start@example.com>');
    const result = await receive(await compose({ from: 'ivy@example.com', subject: 'Re: Start', references, text: 'More.' }));
    expect(result).toEqual({ outcome: 'reply_added', ticketId });
  });

  it('bytes that are no email at all are a logged rejection', async () => {
    expect(await receive(Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 10, 10, 65]))).toEqual({
      outcome: 'rejected',
      reason: 'no sender address',
    });
    expect(await ticketCount()).toBe(0);
  });

  it('no subject gets one in the customer’s language', async () => {
    const result = await receive('From: gus@example.com\nTo: support@tallybook.test\n\nЗдравствуйте, где мой счёт?\n');
    expect((await ticketOf(result.ticketId)).ticket.subject).toBe('(без темы)');
  });
});

describe('IMAP settings', () => {
  it('reads IMAP_URL, and says which setting is wrong', () => {
    expect(inboundConfigFromEnv({}, mail)).toBeUndefined();
    expect(inboundConfigFromEnv({ IMAP_URL: 'imaps://help%40x.test:p%40ss@imap.x.test' }, mail)).toMatchObject({
      host: 'imap.x.test',
      port: 993,
      secure: true,
      user: 'help@x.test',
      password: 'p@ss',
      mailbox: 'INBOX',
      pollMs: 30_000,
    });
    expect(() => inboundConfigFromEnv({ IMAP_URL: 'imap://u:p@h' }, undefined)).toThrow(/needs SMTP_URL/);
    expect(() => inboundConfigFromEnv({ IMAP_URL: 'http://u:p@h' }, mail)).toThrow(/imap:\/\/ or imaps:\/\//);
    expect(() => inboundConfigFromEnv({ IMAP_URL: 'imap://h' }, mail)).toThrow(/user/);
    expect(() => inboundConfigFromEnv({ IMAP_URL: 'imap://u:p@h', IMAP_POLL_SECONDS: 'soon' }, mail)).toThrow(
      /IMAP_POLL_SECONDS/,
    );
  });
});
