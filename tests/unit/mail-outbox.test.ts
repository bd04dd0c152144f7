import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailConfigFromEnv, type MailConfig } from '../../api/mail/config';
import { createOutboxSender, MAX_ATTEMPTS, retryDelay, retryEmail, type OutboxSender } from '../../api/mail/outbox';
import { addAgentMessage, updateTicketAsAgent } from '../../api/services/agent-tickets';
import { createAgent } from '../../api/services/agents';
import { createTicket, findTicketByKey } from '../../api/services/tickets';
import type { Agent, Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

let smtp: TestSmtpServer;
let db: Kysely<Database>;
let mail: MailConfig;
let sender: OutboxSender;
let now: Date;
let agent: Agent;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.dispose();
});

beforeEach(async () => {
  db = await createTestDatabase();
  now = new Date('2026-11-27T10:00:00Z');
  const config = mailConfigFromEnv(
    { SMTP_URL: smtp.url, MAIL_FROM: 'Tallybook Support <support@tallybook.test>' },
    'https://help.tallybook.test',
  );
  if (!config) throw new Error('mail config expected');
  mail = config;
  sender = createOutboxSender({ db, mail, clock: () => now });
  agent = await createAgent(
    db,
    { name: 'Grace', email: 'grace@tallybook.test', role: 'agent', password: 'correct horse battery' },
    now.getTime(),
  );
});
afterEach(async () => {
  sender.close();
  await db.destroy();
});

const request = (overrides: Partial<Parameters<typeof createTicket>[2]> = {}) => ({
  name: 'Ada Lovelace',
  email: `ada.${Math.random().toString(36).slice(2)}@example.com`,
  subject: 'Invoice PDF is blank',
  message: 'When I download invoice #42 the PDF has no pages.',
  category: null,
  locale: 'en',
  channel: 'web' as const,
  ...overrides,
});

/** The messages delivered to one recipient, so tests sharing the SMTP server don't see each other's. */
async function deliveredTo(address: string) {
  return (await smtp.messages()).filter((message) => message.to && 'text' in message.to && message.to.text.includes(address));
}

describe('email notifications through the outbox', () => {
  it('a new ticket writes its email in the same transaction; the sender delivers it with a working private link', async () => {
    const input = request();
    const { ticket } = await createTicket(db, now, input, mail);
    const queued = await db.selectFrom('outbox').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(queued.map((row) => [row.kind, row.status])).toEqual([['ticket_received', 'pending']]);

    expect(await sender.sendDue()).toEqual({ sent: 1, failed: 0 });
    const [email] = await deliveredTo(input.email);
    expect(email?.subject).toBe(`[#${ticket.id}] We received your request: Invoice PDF is blank`);
    expect(email?.from?.value[0]).toMatchObject({ name: 'Tallybook Support', address: 'support@tallybook.test' });
    expect(email?.replyTo?.text).toBe(`support+t${ticket.id}@tallybook.test`);
    expect(email?.messageId).toBe(queued[0]?.message_id);
    expect(email?.headers.get('auto-submitted')).toBe('auto-generated');
    const link = /https:\/\/help\.tallybook\.test\/tickets\/(\d+)\?key=(\S+)/.exec(email?.text ?? '');
    expect(link?.[1]).toBe(String(ticket.id));
    expect((await findTicketByKey(db, ticket.id, decodeURIComponent(link?.[2] ?? '')))?.id).toBe(ticket.id);
    expect(email?.html).toContain(`<a href="https://help.tallybook.test/tickets/${ticket.id}?key=`);

    const sent = await db.selectFrom('outbox').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent', text_body: '', html_body: '', sent_at: now.getTime() });
    expect(await sender.sendDue()).toEqual({ sent: 0, failed: 0 });
  });

  it('an agent reply and solving thread under the first email, in the customer’s language; notes send nothing', async () => {
    const input = request({ locale: 'ru', subject: 'Счёт пришёл пустым', name: 'Мария' });
    const { ticket } = await createTicket(db, now, input, mail);
    await addAgentMessage(db, agent, ticket.id, { body: 'Внутренняя заметка', internal: true }, now.getTime(), mail);
    await addAgentMessage(
      db,
      agent,
      ticket.id,
      { body: 'Сформируйте счёт заново, пожалуйста.', internal: false },
      now.getTime(),
      mail,
    );
    await updateTicketAsAgent(db, agent, ticket.id, { status: 'solved' }, now.getTime(), mail);
    expect(await sender.sendDue()).toEqual({ sent: 3, failed: 0 });

    const emails = await deliveredTo(input.email);
    const bySubject = (start: string) => emails.find((email) => email.subject?.startsWith(start));
    const received = bySubject(`[#${ticket.id}] Мы получили`);
    const reply = bySubject(`[#${ticket.id}] Re: Счёт пришёл пустым`);
    const solved = bySubject(`[#${ticket.id}] Решено`);
    expect(emails).toHaveLength(3);
    expect(reply?.text).toContain('Grace ответил(а) на ваш тикет');
    expect(reply?.text).toContain('Сформируйте счёт заново, пожалуйста.');
    expect(reply?.text).not.toContain('Внутренняя заметка');
    expect(reply?.inReplyTo).toBe(received?.messageId);
    expect(solved?.inReplyTo).toBe(reply?.messageId);
    expect(solved?.references).toEqual([received?.messageId, reply?.messageId]);
  });

  it('keeps email while the SMTP server is down, retries later, and delivers each exactly once', async () => {
    const input = request();
    const { ticket } = await createTicket(db, now, input, mail);
    await smtp.stop();
    try {
      expect(await sender.sendDue()).toEqual({ sent: 0, failed: 1 });
      const waiting = await db.selectFrom('outbox').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
      expect(waiting).toMatchObject({
        status: 'pending',
        attempts: 1,
        next_attempt_at: now.getTime() + retryDelay(1, mail.firstRetryMs),
      });
      expect(waiting.last_error).toBeTruthy();
      await addAgentMessage(db, agent, ticket.id, { body: 'We are on it.', internal: false }, now.getTime(), mail);
    } finally {
      await smtp.start();
    }
    // Back, but the first email's retry isn't due yet: only the reply (due now) goes.
    expect(await sender.sendDue()).toEqual({ sent: 1, failed: 0 });
    now = new Date(now.getTime() + retryDelay(1, mail.firstRetryMs));
    expect(await sender.sendDue()).toEqual({ sent: 1, failed: 0 });
    now = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    expect(await sender.sendDue()).toEqual({ sent: 0, failed: 0 });
    const emails = await deliveredTo(input.email);
    expect(emails.map((email) => email.subject).sort()).toEqual([
      `[#${ticket.id}] Re: Invoice PDF is blank`,
      `[#${ticket.id}] We received your request: Invoice PDF is blank`,
    ]);
  });

  it('gives up after repeated failures, keeps the email marked failed with the reason, and sends it when an admin asks', async () => {
    const broken = createOutboxSender({ db, mail: { ...mail, smtpUrl: 'smtp://127.0.0.1:1?tls=off' }, clock: () => now });
    try {
      const { ticket } = await createTicket(db, now, request(), mail);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        expect((await broken.sendDue()).failed).toBe(1);
        now = new Date(now.getTime() + retryDelay(attempt, mail.firstRetryMs));
      }
      const row = await db.selectFrom('outbox').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
      expect(row.last_error).toMatch(/ECONNREFUSED/);
      expect(await broken.sendDue()).toEqual({ sent: 0, failed: 0 });
      // An admin fixes the server and presses "Send now": the email goes, once.
      expect(await retryEmail(db, row.id, now.getTime())).toBe(true);
      expect(await sender.sendDue()).toEqual({ sent: 1, failed: 0 });
      expect(await retryEmail(db, row.id, now.getTime())).toBe(false);
      expect(await sender.sendDue()).toEqual({ sent: 0, failed: 0 });
    } finally {
      broken.close();
    }
  });

  it('with email off, nothing is queued', async () => {
    const { ticket } = await createTicket(db, now, request());
    expect(await db.selectFrom('outbox').selectAll().where('ticket_id', '=', ticket.id).execute()).toEqual([]);
    expect(mailConfigFromEnv({}, 'https://help.example')).toBeUndefined();
    expect(() => mailConfigFromEnv({ SMTP_URL: 'smtp://x', MAIL_FROM: 'not an address' }, 'https://help.example')).toThrow(
      /MAIL_FROM/,
    );
    const env = { SMTP_URL: 'smtp://x', MAIL_FROM: 'support@example.com' };
    expect(mailConfigFromEnv(env, 'https://help.example')?.firstRetryMs).toBe(30_000);
    expect(mailConfigFromEnv({ ...env, MAIL_RETRY_SECONDS: '2' }, 'https://help.example')?.firstRetryMs).toBe(2_000);
    expect(() => mailConfigFromEnv({ ...env, MAIL_RETRY_SECONDS: 'soon' }, 'https://help.example')).toThrow(/MAIL_RETRY_SECONDS/);
  });
});
