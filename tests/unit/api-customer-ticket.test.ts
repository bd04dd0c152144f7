import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createSuggestionIndex } from '../../api/deflection';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

type PublicTicket = {
  number: number;
  subject: string;
  status: string;
  messages: Array<{ author: string; body: string }>;
};

let db: Kysely<Database>;
let app: ReturnType<typeof createApp>;
let now = new Date('2026-11-27T10:00:00Z');

beforeEach(async () => {
  db = await createTestDatabase();
  now = new Date('2026-11-27T10:00:00Z');
  app = createApp({
    db,
    suggestions: createSuggestionIndex([]),
    clock: () => now,
    trustProxy: true,
    rateLimits: {
      createTicket: { limit: 10, windowMs: 60_000 },
      suggest: { limit: 10, windowMs: 60_000 },
      replies: { limit: 4, windowMs: 60_000 },
      feedback: { limit: 10, windowMs: 60_000 },
    },
  });
});
afterEach(async () => {
  await db.destroy();
});

async function openTicket(email = 'ada@example.com'): Promise<{ number: number; key: string }> {
  const response = await app.request('/api/tickets', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': email },
    body: JSON.stringify({ name: 'Ada', email, subject: 'Blank PDF', message: 'The invoice PDF has no pages at all.' }),
  });
  const { number, status_url } = (await response.json()) as { number: number; status_url: string };
  return { number, key: new URL(status_url, 'http://x').searchParams.get('key') ?? '' };
}

const get = (number: number, key: string) => app.request(`/api/tickets/${number}?key=${encodeURIComponent(key)}`);
const reply = (number: number, key: string, body: string, address = '198.51.100.5') =>
  app.request(`/api/tickets/${number}/replies?key=${encodeURIComponent(key)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
    body: JSON.stringify({ body }),
  });
const solve = (number: number, key: string) =>
  app.request(`/api/tickets/${number}/solve?key=${encodeURIComponent(key)}`, {
    method: 'POST',
    headers: { 'X-Forwarded-For': '198.51.100.6' },
  });

describe('a customer following their ticket', () => {
  it('sees the subject, status and conversation with the key from their link', async () => {
    const { number, key } = await openTicket();
    const response = await get(number, key);
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const ticket = (await response.json()) as PublicTicket;
    expect(ticket).toMatchObject({ number, subject: 'Blank PDF', status: 'new' });
    expect(ticket.messages).toEqual([
      expect.objectContaining({ author: 'customer', body: 'The invoice PDF has no pages at all.' }),
    ]);
  });

  it('gets the same 404 for a wrong key as for a ticket that does not exist, so nobody learns which exist', async () => {
    const { number, key } = await openTicket();
    const other = await openTicket('grace@example.com');
    const wrongKey = await get(number, other.key);
    const noTicket = await get(number + 1000, key);
    expect(wrongKey.status).toBe(404);
    expect(noTicket.status).toBe(404);
    expect(await wrongKey.json()).toEqual(await noTicket.json());
  });

  it('never sees internal notes', async () => {
    const { number, key } = await openTicket();
    await db
      .insertInto('messages')
      .values({
        ticket_id: number,
        author_kind: 'agent',
        author_customer_id: null,
        author_agent_id: null,
        body: 'Internal: VIP customer',
        internal: 1,
        created_at: now.getTime(),
      })
      .execute();
    const ticket = (await (await get(number, key)).json()) as PublicTicket;
    expect(ticket.messages.map((message) => message.body)).not.toContain('Internal: VIP customer');
  });

  it('replies, marks the ticket solved, and a later reply reopens it', async () => {
    const { number, key } = await openTicket();
    const replied = await reply(number, key, 'It happens with every invoice.');
    expect(replied.status).toBe(201);
    expect(((await replied.json()) as PublicTicket).messages.map((message) => message.body)).toContain(
      'It happens with every invoice.',
    );

    const solved = await solve(number, key);
    expect(((await solved.json()) as PublicTicket).status).toBe('solved');

    now = new Date('2026-11-28T09:00:00Z');
    const reopened = (await (await reply(number, key, 'Sorry, it is back.')).json()) as PublicTicket;
    expect(reopened.status).toBe('open');
  });

  it('cannot reply without the right key, nor with an empty reply', async () => {
    const { number, key } = await openTicket();
    expect((await reply(number, 'guess', 'Hello')).status).toBe(404);
    const empty = await reply(number, key, '   ');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { issues: Array<{ path: string }> }).issues[0]?.path).toBe('body');
  });

  it('is told a closed ticket takes no more replies', async () => {
    const { number, key } = await openTicket();
    await db.updateTable('tickets').set({ status: 'closed' }).where('id', '=', number).execute();
    const response = await reply(number, key, 'Hello?');
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: 'ticket_closed' });
  });

  it('guessing keys is rate limited per address', async () => {
    const { number } = await openTicket();
    for (let i = 0; i < 4; i++) expect((await reply(number, `guess-${i}`, 'Hi', '203.0.113.66')).status).toBe(404);
    expect((await reply(number, 'guess-5', 'Hi', '203.0.113.66')).status).toBe(429);
  });
});
