import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSuggestionIndex } from '../../api/deflection';
import { mailConfigFromEnv, type MailConfig } from '../../api/mail/config';
import { createOutboxSender, retryEmail, type OutboxSender } from '../../api/mail/outbox';
import type { PageServices } from '../../api/on-demand';
import {
  CUSTOMER_SESSION_TTL_MS,
  LINK_MIN_GAP_MS,
  LINK_TTL_MS,
  LINKS_PER_HOUR,
  pruneCustomerAccess,
  requestTicketListLink,
  validateCustomerSession,
} from '../../api/services/customer-links';
import { createTicket } from '../../api/services/tickets';
import type { Database } from '../../db/schema';
import { handleMyTickets, handleTicketLink, handleTicketsRequest } from '../../src/utils/customer-links';
import { handleTicketPage } from '../../src/utils/ticket-page';
import { createTestDatabase } from '../support/database';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

let smtp: TestSmtpServer;
let db: Kysely<Database>;
let mail: MailConfig;
let sender: OutboxSender;
let now: Date;
let services: PageServices;

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
  services = { db, clock: () => now, suggestions: createSuggestionIndex([]), trustProxy: false, mail };
});
afterEach(async () => {
  sender.close();
  await db.destroy();
});

const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

/** A unique address per test, so tests sharing the SMTP server don't read each other's mail. */
const address = (name: string) => `${name}.${Math.random().toString(36).slice(2)}@example.com`;

async function openTicket(email: string, subject: string, locale = 'en') {
  const { ticket, key } = await createTicket(
    db,
    now,
    { name: 'Ada', email, subject, message: 'Something went wrong with it.', category: null, locale, channel: 'web' },
    mail,
  );
  return { number: ticket.id, key };
}

const page = (path: string, form?: Record<string, string>) =>
  new Request(`https://help.tallybook.test${path}`, form ? { method: 'POST', body: new URLSearchParams(form) } : {});

const linkEmails = () => db.selectFrom('outbox').selectAll().where('kind', '=', 'ticket_list_link').execute();

/** Asks for a link on /tickets and returns the token the email carries, as the customer would read it. */
async function askForLink(email: string, path = '/tickets'): Promise<string> {
  await handleTicketsRequest(page(path, { email }), path.startsWith('/ru') ? 'ru' : 'en', services);
  const [latest] = await db
    .selectFrom('outbox')
    .select('text_body')
    .where('kind', '=', 'ticket_list_link')
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  const token = /\/tickets\/access\?token=([\w-]+)/.exec(latest?.text_body ?? '')?.[1];
  if (!token) throw new Error('no link email was written');
  return token;
}

/** Uses a link as the "Show my tickets" button does, and returns the session token it sets as a cookie. */
async function signIn(token: string): Promise<string> {
  const result = await handleTicketLink(page('/tickets/access', { token }), 'en', services);
  if (result.kind !== 'opened') throw new Error(`the link did not open: ${result.kind}`);
  return result.sessionToken;
}

describe('asking for a link to all your tickets', () => {
  it('an unknown address and a known one get the same answer; only the known one is emailed', async () => {
    const known = address('ada');
    await openTicket(known, 'Invoice PDF is blank');
    const before = (await db.selectFrom('outbox').selectAll().execute()).length;

    const forKnown = await handleTicketsRequest(page('/tickets', { email: known.toUpperCase() }), 'en', services);
    const forUnknown = await handleTicketsRequest(page('/tickets', { email: 'nobody@example.com' }), 'en', services);
    expect(forKnown).toEqual({ kind: 'sent', email: known.toUpperCase() });
    expect(forUnknown).toEqual({ kind: 'sent', email: 'nobody@example.com' });

    const emails = await linkEmails();
    expect(emails).toHaveLength(1);
    const customer = await db.selectFrom('customers').select('id').where('email', '=', known).executeTakeFirstOrThrow();
    expect(emails[0]).toMatchObject({ to_address: known, ticket_id: null, customer_id: customer.id, status: 'pending' });
    expect(await db.selectFrom('outbox').selectAll().execute()).toHaveLength(before + 1);
    expect(await db.selectFrom('customer_links').selectAll().execute()).toHaveLength(1);
  });

  it('a customer without any ticket is not emailed either', async () => {
    const email = address('noticket');
    await db.insertInto('customers').values({ email, name: 'No Ticket', created_at: 0, updated_at: 0 }).execute();
    expect(await handleTicketsRequest(page('/tickets', { email }), 'en', services)).toEqual({ kind: 'sent', email });
    expect(await linkEmails()).toEqual([]);
  });

  it('a wrong address comes back in the form, marked, with what was typed', async () => {
    const result = await handleTicketsRequest(page('/tickets', { email: 'ada@' }), 'en', services);
    expect(result).toEqual({ kind: 'form', email: 'ada@', invalid: true });
    expect(await db.selectFrom('customer_links').selectAll().execute()).toEqual([]);
  });

  it('over the form limit, the address is kept and nothing is sent', async () => {
    const email = address('ada');
    await openTicket(email, 'Invoice PDF is blank');
    const limited = await handleTicketsRequest(page('/tickets', { email }), 'en', { ...services, rateLimitedFor: 150 });
    expect(limited).toEqual({ kind: 'limited', email, minutes: 3 });
    expect(await linkEmails()).toEqual([]);
  });

  it('with email off, the page says so and nothing is stored', async () => {
    const email = address('ada');
    await openTicket(email, 'Invoice PDF is blank');
    const off = { ...services, mail: undefined };
    expect(await handleTicketsRequest(page('/tickets'), 'en', off)).toEqual({ kind: 'email-off' });
    expect(await handleTicketsRequest(page('/tickets', { email }), 'en', off)).toEqual({ kind: 'email-off' });
    expect(await db.selectFrom('customer_links').selectAll().execute()).toEqual([]);
  });

  it('sends at most one link a minute and five an hour to a customer, silently', async () => {
    const email = address('ada');
    await openTicket(email, 'Invoice PDF is blank');
    const ask = () => requestTicketListLink(db, mail, { email, locale: 'en' }, now);

    expect(await ask()).toBe('sent');
    expect(await ask()).toBe('throttled');
    for (let sent = 2; sent <= LINKS_PER_HOUR; sent++) {
      later(LINK_MIN_GAP_MS);
      expect(await ask()).toBe('sent');
    }
    later(LINK_MIN_GAP_MS);
    expect(await ask()).toBe('throttled');
    // The page answers a throttled request exactly as any other.
    expect(await handleTicketsRequest(page('/tickets', { email }), 'en', services)).toEqual({ kind: 'sent', email });
    expect(await linkEmails()).toHaveLength(LINKS_PER_HOUR);

    later(60 * 60_000);
    expect(await ask()).toBe('sent');
    expect(await linkEmails()).toHaveLength(LINKS_PER_HOUR + 1);
  });

  it('the email arrives over SMTP with the link, in the language of the page, and belongs to no ticket', async () => {
    const email = address('maria');
    await openTicket(email, 'Счёт пришёл пустым', 'ru');
    await handleTicketsRequest(page('/ru/tickets', { email }), 'ru', services);
    expect((await sender.sendDue()).failed).toBe(0);

    const delivered = (await smtp.messages()).filter(
      (message) => message.to && 'text' in message.to && message.to.text.includes(email),
    );
    const link = delivered.find((message) => message.subject === 'Ссылка на ваши обращения');
    expect(link?.replyTo?.text).toBe('support@tallybook.test');
    expect(link?.headers.get('x-docket-ticket')).toBeUndefined();
    expect(link?.inReplyTo).toBeUndefined();
    expect(link?.text).toMatch(/https:\/\/help\.tallybook\.test\/ru\/tickets\/access\?token=[\w-]{27}/);
    expect(link?.html).toContain('<a href="https://help.tallybook.test/ru/tickets/access?token=');
    // The ticket's own email still says which ticket it is about.
    const received = delivered.find((message) => message.subject?.includes('Мы получили'));
    expect(received?.headers.get('x-docket-ticket')).toMatch(/^\d+$/);

    const [row] = await linkEmails();
    expect(row).toMatchObject({ status: 'sent', text_body: '', html_body: '' });
  });
});

describe('a link email held up', () => {
  it('is not sent once its link has expired, even by an admin’s "send now"; the admin sees why', async () => {
    const email = address('nora');
    await openTicket(email, 'Invoice PDF is blank');
    await askForLink(email);
    // The SMTP server is away for longer than the link lives.
    later(LINK_TTL_MS);
    await sender.sendDue();
    const [row] = await linkEmails();
    expect(row).toMatchObject({ status: 'failed', text_body: '', html_body: '' });
    expect(row?.last_error).toMatch(/link in it expired/);
    expect(await retryEmail(db, row!.id, now.getTime())).toBe(false);
    const delivered = (await smtp.messages()).filter(
      (message) => message.to && 'text' in message.to && message.to.text.includes(email),
    );
    expect(delivered.map((message) => message.subject)).not.toContain('Your link to your tickets');
  });
});

describe('using the link', () => {
  it('opening the link only shows a button; the button uses it, and only once', async () => {
    const email = address('ada');
    await openTicket(email, 'Invoice PDF is blank');
    const token = await askForLink(email);
    const get = () => handleTicketLink(page(`/tickets/access?token=${token}`), 'en', services);

    // A mail scanner fetching the link (twice, even) leaves it working.
    expect(await get()).toEqual({ kind: 'confirm', token });
    expect(await get()).toEqual({ kind: 'confirm', token });
    const opened = await handleTicketLink(page('/tickets/access', { token }), 'en', services);
    expect(opened).toMatchObject({
      kind: 'opened',
      location: '/tickets/mine',
      expiresAt: now.getTime() + CUSTOMER_SESSION_TTL_MS,
    });

    expect(await handleTicketLink(page('/tickets/access', { token }), 'en', services)).toEqual({ kind: 'used' });
    expect(await get()).toEqual({ kind: 'used' });
    expect(await db.selectFrom('customer_sessions').selectAll().execute()).toHaveLength(1);
  });

  it('of two uses at the same moment, one opens the tickets', async () => {
    const email = address('ada');
    await openTicket(email, 'Invoice PDF is blank');
    const token = await askForLink(email);
    const use = () => handleTicketLink(page('/tickets/access', { token }), 'en', services);
    const results = await Promise.all([use(), use()]);
    expect(results.map((result) => result.kind).sort()).toEqual(['opened', 'used']);
  });

  it('a link more than 30 minutes old has expired, on sight and on use', async () => {
    const email = address('ada');
    await openTicket(email, 'Invoice PDF is blank');
    const token = await askForLink(email);
    later(LINK_TTL_MS);
    expect(await handleTicketLink(page(`/tickets/access?token=${token}`), 'en', services)).toEqual({ kind: 'expired' });
    expect(await handleTicketLink(page('/tickets/access', { token }), 'en', services)).toEqual({ kind: 'expired' });
    expect(await db.selectFrom('customer_sessions').selectAll().execute()).toEqual([]);
  });

  it('a made-up or cut-short link opens nothing', async () => {
    const email = address('ada');
    await openTicket(email, 'Invoice PDF is blank');
    const token = await askForLink(email);
    for (const guess of ['', 'short', token.slice(0, -1), `${token}x`, 'A'.repeat(27)]) {
      expect(await handleTicketLink(page('/tickets/access', { token: guess }), 'en', services)).toEqual({ kind: 'unknown' });
    }
    const limited = await handleTicketLink(page('/tickets/access', { token }), 'en', { ...services, rateLimitedFor: 30 });
    expect(limited).toEqual({ kind: 'limited', token, minutes: 1 });
    // Neither the guesses nor the limited try used it up.
    expect(await handleTicketLink(page('/tickets/access', { token }), 'en', services)).toMatchObject({ kind: 'opened' });
  });
});

describe('a customer signed in through the link', () => {
  it('sees every ticket of theirs, the latest activity first, and nobody else’s', async () => {
    const ada = address('ada');
    const first = await openTicket(ada, 'Invoice PDF is blank');
    later(60_000);
    const second = await openTicket(ada, 'Bank feed stopped');
    await openTicket(address('grace'), 'Not Ada’s ticket');
    later(60_000);
    // A reply to the older ticket makes it the latest.
    await handleTicketPage(
      page(`/tickets/${first.number}?key=${first.key}`, { body: 'Still blank today.' }),
      String(first.number),
      'en',
      services,
    );

    const session = await validateCustomerSession(db, await signIn(await askForLink(ada)), now);
    const result = await handleMyTickets(page('/tickets/mine'), 'en', session, services);
    if (result.kind !== 'list') throw new Error('the list was expected');
    expect(result.session.email).toBe(ada);
    expect(result.tickets.map((ticket) => [ticket.id, ticket.subject])).toEqual([
      [first.number, 'Invoice PDF is blank'],
      [second.number, 'Bank feed stopped'],
    ]);
  });

  it('opens their own ticket without its key, but another customer’s is a 404 as with a wrong key', async () => {
    const ada = address('ada');
    const own = await openTicket(ada, 'Invoice PDF is blank');
    const other = await openTicket(address('grace'), 'Grace’s invoice');
    const session = await validateCustomerSession(db, await signIn(await askForLink(ada)), now);
    const customerId = session?.customerId;

    const shown = await handleTicketPage(page(`/tickets/${own.number}`), String(own.number), 'en', services, customerId);
    expect(shown).toMatchObject({ kind: 'show', key: undefined, ticket: { id: own.number } });
    const foreign = await handleTicketPage(page(`/tickets/${other.number}`), String(other.number), 'en', services, customerId);
    expect(foreign).toEqual({ kind: 'not-found' });
    const noSession = await handleTicketPage(page(`/tickets/${own.number}`), String(own.number), 'en', services);
    expect(noSession).toEqual({ kind: 'not-found' });
    // Another customer's key still opens that ticket, as it always did.
    const byKey = await handleTicketPage(
      page(`/tickets/${other.number}?key=${other.key}`),
      String(other.number),
      'en',
      services,
      customerId,
    );
    expect(byKey).toMatchObject({ kind: 'show', key: other.key });
  });

  it('replies and marks solved without a key, and comes back to the page without one', async () => {
    const ada = address('ada');
    const own = await openTicket(ada, 'Invoice PDF is blank');
    const other = await openTicket(address('grace'), 'Grace’s invoice');
    const session = await validateCustomerSession(db, await signIn(await askForLink(ada)), now);
    const customerId = session?.customerId;
    const post = (number: number, form: Record<string, string>) =>
      handleTicketPage(page(`/ru/tickets/${number}`, form), String(number), 'ru', services, customerId);

    expect(await post(own.number, { body: 'It happens every time.' })).toEqual({
      kind: 'redirect',
      location: `/ru/tickets/${own.number}#latest`,
    });
    expect(await post(own.number, { action: 'solve' })).toEqual({ kind: 'redirect', location: `/ru/tickets/${own.number}` });
    expect(await post(other.number, { body: 'Not mine to answer.' })).toEqual({ kind: 'not-found' });

    const messages = await db.selectFrom('messages').select(['ticket_id', 'body']).orderBy('id').execute();
    expect(messages.filter((message) => message.body === 'It happens every time.')).toEqual([
      { ticket_id: own.number, body: 'It happens every time.' },
    ]);
    expect(messages.some((message) => message.body === 'Not mine to answer.')).toBe(false);
    const ticket = await db.selectFrom('tickets').select('status').where('id', '=', own.number).executeTakeFirstOrThrow();
    expect(ticket.status).toBe('solved');
  });

  it('signing out ends the session at once', async () => {
    const ada = address('ada');
    await openTicket(ada, 'Invoice PDF is blank');
    const token = await signIn(await askForLink(ada));
    const session = await validateCustomerSession(db, token, now);
    expect(await handleMyTickets(page('/tickets/mine', {}), 'en', session, services)).toEqual({
      kind: 'redirect',
      location: '/tickets?signed-out=1',
      signedOut: true,
    });
    expect(await validateCustomerSession(db, token, now)).toBeUndefined();
    expect(await handleMyTickets(page('/tickets/mine'), 'en', undefined, services)).toEqual({
      kind: 'redirect',
      location: '/tickets',
      signedOut: false,
    });
  });

  it('the session ends two hours after the link was used, and a forged token opens nothing', async () => {
    const ada = address('ada');
    await openTicket(ada, 'Invoice PDF is blank');
    const token = await signIn(await askForLink(ada));
    const [id, secret] = token.split('.') as [string, string];
    // One character off (never the same one: a random secret ends in "A" one time in 64).
    const forged = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await validateCustomerSession(db, `${id}.${forged}`, now)).toBeUndefined();
    expect(await validateCustomerSession(db, `${id}.`, now)).toBeUndefined();
    later(CUSTOMER_SESSION_TTL_MS - 1);
    expect(await validateCustomerSession(db, token, now)).toBeDefined();
    later(1);
    expect(await validateCustomerSession(db, token, now)).toBeUndefined();
    expect(await db.selectFrom('customer_sessions').selectAll().execute()).toEqual([]);
  });
});

describe('cleaning up at start', () => {
  it('drops ended sessions and links past the throttle window, and keeps what still counts', async () => {
    const ada = address('ada');
    await openTicket(ada, 'Invoice PDF is blank');
    await signIn(await askForLink(ada));
    later(60 * 60_000);
    await askForLink(ada);

    // The first link is an hour old: expired, and past the throttle's window.
    await pruneCustomerAccess(db, now.getTime());
    expect(await db.selectFrom('customer_links').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('customer_sessions').selectAll().execute()).toHaveLength(1);

    // The second link expired half an hour ago but still counts toward the throttle; the session still works.
    later(60 * 60_000 - 1);
    await pruneCustomerAccess(db, now.getTime());
    expect(await db.selectFrom('customer_links').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('customer_sessions').selectAll().execute()).toHaveLength(1);

    later(1);
    await pruneCustomerAccess(db, now.getTime());
    expect(await db.selectFrom('customer_links').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('customer_sessions').selectAll().execute()).toEqual([]);
  });
});
