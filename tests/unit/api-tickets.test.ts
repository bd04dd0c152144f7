import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createSuggestionIndex } from '../../api/deflection';
import { findTicketByKey } from '../../api/services/tickets';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

let db: Kysely<Database>;
let now = new Date('2026-11-27T10:00:00Z');
let app: ReturnType<typeof createApp>;

const ticket = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  subject: 'Invoice PDF is blank',
  message: 'When I download invoice #42 the PDF has no pages.',
  category: 'invoices',
  locale: 'en',
};

const postJson = (body: unknown, headers: Record<string, string> = {}) =>
  app.request('/api/tickets', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeEach(async () => {
  db = await createTestDatabase();
  now = new Date('2026-11-27T10:00:00Z');
  app = createApp({
    db,
    clock: () => now,
    trustProxy: true,
    suggestions: createSuggestionIndex([]),
    rateLimits: {
      createTicket: { limit: 3, windowMs: 60_000 },
      suggest: { limit: 100, windowMs: 60_000 },
      replies: { limit: 4, windowMs: 60_000 },
      feedback: { limit: 10, windowMs: 60_000 },
    },
  });
});
afterEach(async () => {
  await db.destroy();
});

describe('POST /api/tickets', () => {
  it('opens a ticket and answers 201 with its number and a private status link that opens it', async () => {
    const response = await postJson(ticket);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { number: number; status_url: string };
    expect(body.status_url).toMatch(new RegExp(`^/tickets/${body.number}\\?key=[\\w-]{27,}$`));
    expect(response.headers.get('Location')).toBe(body.status_url);
    const key = new URL(body.status_url, 'http://x').searchParams.get('key') ?? '';
    expect((await findTicketByKey(db, body.number, key))?.subject).toBe(ticket.subject);
  });

  it('accepts a plain HTML form post', async () => {
    const response = await app.request('/api/tickets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...ticket, category: '' }).toString(),
    });
    expect(response.status).toBe(201);
    const stored = await db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    expect(stored.category).toBeNull();
  });

  it('a Russian ticket links to the Russian status page', async () => {
    const response = await postJson({ ...ticket, locale: 'ru' });
    expect(((await response.json()) as { status_url: string }).status_url).toMatch(/^\/ru\/tickets\/\d+\?key=/);
  });

  it('names every bad field, and stores nothing', async () => {
    const response = await postJson({ name: '', email: 'not-an-email', subject: 'Hi', message: 'short', category: 'Not A Slug' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: Array<{ path: string; message: string }> };
    expect(body.error).toBe('invalid_input');
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['category', 'email', 'message', 'name', 'subject']);
    expect(body.issues.find((issue) => issue.path === 'email')?.message).toBe('Enter an email address like name@example.com');
    expect(await db.selectFrom('tickets').selectAll().execute()).toHaveLength(0);
  });

  it('answers malformed JSON with 400, not a crash', async () => {
    const response = await postJson('{"name": "Ada",');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request' });
  });

  it('says which formats it takes when the body is neither JSON nor a form', async () => {
    const response = await app.request('/api/tickets', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('refuses a body over 64 KB with 413', async () => {
    const response = await postJson({ ...ticket, message: 'x'.repeat(70 * 1024) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('turns away a bot that fills the hidden honeypot field or sends the form faster than a person could', async () => {
    const honeypot = await postJson({ ...ticket, website: 'http://spam.example' });
    expect(honeypot.status).toBe(422);
    const tooFast = await postJson({ ...ticket, started_at: now.getTime() - 500 });
    expect(tooFast.status).toBe(422);
    const human = await postJson({ ...ticket, started_at: now.getTime() - 45_000 });
    expect(human.status).toBe(201);
    expect(await db.selectFrom('tickets').selectAll().execute()).toHaveLength(1);
  });

  it('limits tickets per client address, says when to come back, and lets other addresses through', async () => {
    for (let i = 0; i < 3; i++) expect((await postJson(ticket, { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(201);
    const limited = await postJson(ticket, { 'X-Forwarded-For': '203.0.113.7' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBe(60);
    expect((await postJson(ticket, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(201);
    now = new Date(now.getTime() + 61_000);
    expect((await postJson(ticket, { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(201);
  });
});

describe('the API description', () => {
  it('is an OpenAPI 3.1 document generated from the schemas that validate requests', async () => {
    const response = await app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/api/tickets']?.post?.requestBody?.content ?? {})).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
    expect(doc.components.schemas.NewTicket?.required).toEqual(expect.arrayContaining(['name', 'email', 'subject', 'message']));
  });
});
