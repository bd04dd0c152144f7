import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createArticleRecord, createSuggestionIndex } from '../../api/deflection';
import { createAgent } from '../../api/services/agents';
import { createTicket } from '../../api/services/tickets';
import { mailConfigFromEnv } from '../../api/mail/config';
import { parseEmail } from '../../api/mail/inbound-message';
import { receiveEmail } from '../../api/services/inbound-email';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

const HOST = 'docket.test';
const ORIGIN = `http://${HOST}`;
const PASSWORD = 'correct horse battery';
let db: Kysely<Database>;
let now: Date;
let app: ReturnType<typeof createApp>;
let grace: string;
let linus: string;
let graceId: number;
let linusId: number;

const suggestions = createSuggestionIndex([
  createArticleRecord({
    path: 'invoices/blank-pdf.md',
    source: '---\ntitle: Fix a blank invoice PDF\n---\nIf the PDF of an invoice is blank, regenerate the invoice.',
    locale: 'en',
    id: 'blank-pdf',
    url: '/articles/blank-pdf/',
  }),
]);

function call(
  path: string,
  options: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { Host: HOST, Origin: ORIGIN, ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return app.request(`${ORIGIN}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
}

async function signIn(email: string): Promise<string> {
  const response = await call('/api/agent/session', { method: 'POST', body: { email, password: PASSWORD } });
  const match = /docket_session=([^;]*)/.exec(response.headers.get('Set-Cookie') ?? '');
  return `docket_session=${match?.[1] ?? ''}`;
}

async function openTicket(subject = 'Invoice PDF is blank', email = 'ada@example.com') {
  return createTicket(db, now, {
    name: 'Ada Lovelace',
    email,
    subject,
    message: 'When I download invoice #42 the PDF has no pages.',
    category: 'invoices',
    locale: 'en',
    channel: 'web',
  });
}

async function customerView(number: number, key: string) {
  return (await (await call(`/api/tickets/${number}?key=${encodeURIComponent(key)}`)).json()) as {
    status: string;
    messages: Array<{ author: string; body: string }>;
  };
}

beforeEach(async () => {
  db = await createTestDatabase();
  now = new Date('2026-11-27T10:00:00Z');
  app = createApp({ db, clock: () => now, suggestions });
  graceId = (
    await createAgent(db, { name: 'Grace', email: 'grace@example.com', role: 'agent', password: PASSWORD }, now.getTime())
  ).id;
  linusId = (
    await createAgent(db, { name: 'Linus', email: 'linus@example.com', role: 'agent', password: PASSWORD }, now.getTime())
  ).id;
  grace = await signIn('grace@example.com');
  linus = await signIn('linus@example.com');
});
afterEach(async () => {
  await db.destroy();
});

describe('without a session', () => {
  it('no queue, ticket or change is reachable, whatever the number', async () => {
    const { ticket } = await openTicket();
    for (const path of [
      '/api/agent/queue',
      '/api/agent/queue/counts',
      '/api/agent/search?q=invoice',
      `/api/agent/tickets/${ticket.id}`,
      '/api/agent/tickets/999',
    ]) {
      expect((await call(path)).status, path).toBe(401);
    }
    expect((await call(`/api/agent/tickets/${ticket.id}`, { method: 'PATCH', body: { status: 'solved' } })).status).toBe(401);
    expect((await call(`/api/agent/tickets/${ticket.id}/messages`, { method: 'POST', body: { body: 'hi' } })).status).toBe(401);
  });
});

describe('working a ticket', () => {
  it('a reply reaches the customer, a note never does; the reply opens, assigns and times the first response', async () => {
    const { ticket, key } = await openTicket();
    now = new Date(now.getTime() + 90_000);
    const note = await call(`/api/agent/tickets/${ticket.id}/messages`, {
      method: 'POST',
      cookie: grace,
      body: { body: 'Customer is on the old PDF renderer.', internal: true },
    });
    expect(note.status).toBe(201);
    expect(await note.json()).toEqual({ status: 'new' });
    const reply = await call(`/api/agent/tickets/${ticket.id}/messages`, {
      method: 'POST',
      cookie: grace,
      body: { body: 'Please regenerate the invoice and download it again.' },
    });
    expect(await reply.json()).toEqual({ status: 'open' });

    const seen = await customerView(ticket.id, key);
    expect(seen.messages.map((m) => m.body)).toEqual([
      'When I download invoice #42 the PDF has no pages.',
      'Please regenerate the invoice and download it again.',
    ]);
    expect(JSON.stringify(seen)).not.toContain('old PDF renderer');

    const stored = await db.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      status: 'open',
      assignee_id: graceId,
      first_response_at: now.getTime(),
      last_message_author: 'agent',
    });

    const detail = (await (await call(`/api/agent/tickets/${ticket.id}`, { cookie: linus })).json()) as {
      messages: Array<{ internal: boolean; author_name: string }>;
      events: Array<{ type: string; actor_name: string }>;
      suggested_articles: Array<{ url: string }>;
    };
    expect(detail.messages.map((m) => [m.author_name, m.internal])).toEqual([
      ['Ada Lovelace', false],
      ['Grace', true],
      ['Grace', false],
    ]);
    expect(detail.events.map((e) => `${e.actor_name}:${e.type}`)).toEqual([
      'Ada Lovelace:created',
      'Grace:note_added',
      'Grace:replied',
      'Grace:status_changed',
      'Grace:assigned',
    ]);
    expect(detail.suggested_articles[0]?.url).toBe('/articles/blank-pdf/');
  });

  it('"send and set status" solves with the reply; a customer reply reopens it', async () => {
    const { ticket, key } = await openTicket();
    await call(`/api/agent/tickets/${ticket.id}/messages`, {
      method: 'POST',
      cookie: grace,
      body: { body: 'Fixed on our side.', status: 'solved' },
    });
    expect((await customerView(ticket.id, key)).status).toBe('solved');
    await call(`/api/tickets/${ticket.id}/replies?key=${encodeURIComponent(key)}`, {
      method: 'POST',
      body: { body: 'Still blank, sorry!' },
    });
    expect((await customerView(ticket.id, key)).status).toBe('open');
  });

  it('refuses illegal status changes with 409 and a reason, and stores nothing', async () => {
    const { ticket } = await openTicket();
    const skipToClosed = await call(`/api/agent/tickets/${ticket.id}`, {
      method: 'PATCH',
      cookie: grace,
      body: { status: 'closed' },
    });
    expect(skipToClosed.status).toBe(409);
    expect(await skipToClosed.json()).toMatchObject({
      error: 'illegal_transition',
      message: 'Only a solved ticket can be closed: solve it first.',
    });
    await call(`/api/agent/tickets/${ticket.id}`, { method: 'PATCH', cookie: grace, body: { status: 'solved' } });
    expect(
      (await call(`/api/agent/tickets/${ticket.id}`, { method: 'PATCH', cookie: grace, body: { status: 'closed' } })).status,
    ).toBe(200);
    const reopen = await call(`/api/agent/tickets/${ticket.id}`, {
      method: 'PATCH',
      cookie: grace,
      body: { status: 'open', priority: 'high' },
    });
    expect(reopen.status).toBe(409);
    const stored = await db
      .selectFrom('tickets')
      .select(['status', 'priority'])
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'closed', priority: 'normal' });
    const replyToClosed = await call(`/api/agent/tickets/${ticket.id}/messages`, {
      method: 'POST',
      cookie: grace,
      body: { body: 'Hello?' },
    });
    expect(replyToClosed.status).toBe(409);
    expect(
      (await call(`/api/agent/tickets/${ticket.id}`, { method: 'PATCH', cookie: grace, body: { status: 'new' } })).status,
    ).toBe(409);
  });

  it('assigns, prioritises, categorises and tags, each change in the audit trail', async () => {
    const { ticket } = await openTicket();
    const changed = await call(`/api/agent/tickets/${ticket.id}`, {
      method: 'PATCH',
      cookie: grace,
      body: { assignee_id: linusId, priority: 'urgent', category: 'billing', tags: ['VIP', 'pdf', 'vip '] },
    });
    expect(changed.status).toBe(200);
    const detail = (await (await call(`/api/agent/tickets/${ticket.id}`, { cookie: grace })).json()) as {
      ticket: { assignee_name: string; priority: string; category: string; tags: string[] };
      events: Array<{ type: string; data: Record<string, unknown> }>;
    };
    expect(detail.ticket).toMatchObject({
      assignee_name: 'Linus',
      priority: 'urgent',
      category: 'billing',
      tags: ['pdf', 'vip'],
    });
    expect(detail.events.slice(1).map((e) => [e.type, e.data])).toEqual([
      ['priority_changed', { from: 'normal', to: 'urgent' }],
      ['category_changed', { from: 'invoices', to: 'billing' }],
      ['assigned', { from: null, to: linusId }],
      ['tags_changed', { from: [], to: ['pdf', 'vip'] }],
    ]);
    const nobody = await call(`/api/agent/tickets/${ticket.id}`, { method: 'PATCH', cookie: grace, body: { assignee_id: 999 } });
    expect(nobody.status).toBe(400);
    expect(await nobody.json()).toMatchObject({ issues: [{ path: 'assignee_id' }] });
    expect((await call('/api/agent/tickets/999', { method: 'PATCH', cookie: grace, body: { priority: 'low' } })).status).toBe(
      404,
    );
  });

  it('refuses a change sent from another site', async () => {
    const { ticket } = await openTicket();
    const response = await call(`/api/agent/tickets/${ticket.id}`, {
      method: 'PATCH',
      cookie: grace,
      body: { status: 'solved' },
      headers: { Origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
  });
});

describe('the queue', () => {
  it('shows views with counts, pages by cursor, searches, and takes bulk changes ticket by ticket', async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 5; i++) {
      now = new Date(now.getTime() + 1000);
      numbers.push((await openTicket(`Question ${i} about exports`, `c${i}@example.com`)).ticket.id);
    }
    const counts = await (await call('/api/agent/queue/counts', { cookie: grace })).json();
    expect(counts).toEqual({ unassigned: 5, mine: 0, open: 5, pending: 0, solved: 0 });

    const first = (await (await call('/api/agent/queue?view=unassigned&limit=2', { cookie: grace })).json()) as {
      rows: Array<{ number: number }>;
      next: string;
    };
    expect(first.rows.map((r) => r.number)).toEqual([numbers[4], numbers[3]]);
    const second = (await (
      await call(`/api/agent/queue?view=unassigned&limit=2&after=${encodeURIComponent(first.next)}`, { cookie: grace })
    ).json()) as {
      rows: Array<{ number: number }>;
    };
    expect(second.rows.map((r) => r.number)).toEqual([numbers[2], numbers[1]]);
    expect((await call('/api/agent/queue?after=garbage', { cookie: grace })).status).toBe(400);

    await call(`/api/agent/tickets/${numbers[0]}`, { method: 'PATCH', cookie: grace, body: { status: 'solved' } });
    await call(`/api/agent/tickets/${numbers[0]}`, { method: 'PATCH', cookie: grace, body: { status: 'closed' } });
    const bulk = await call('/api/agent/tickets/bulk', {
      method: 'POST',
      cookie: grace,
      body: { numbers: [numbers[0], numbers[1], numbers[2]], changes: { assignee_id: graceId, status: 'pending' } },
    });
    const result = (await bulk.json()) as { updated: number[]; refused: Array<{ number: number; reason: string }> };
    expect(result.updated).toEqual([numbers[1], numbers[2]]);
    expect(result.refused.map((r) => r.number)).toEqual([numbers[0]]);

    const mine = (await (await call('/api/agent/queue?view=mine', { cookie: grace })).json()) as {
      rows: Array<{ number: number; status: string }>;
    };
    expect(mine.rows.map((r) => [r.number, r.status])).toEqual([
      [numbers[2], 'pending'],
      [numbers[1], 'pending'],
    ]);
    expect(((await (await call('/api/agent/queue?view=mine', { cookie: linus })).json()) as { rows: unknown[] }).rows).toEqual(
      [],
    );

    const found = (await (await call('/api/agent/search?q=question%203', { cookie: grace })).json()) as {
      rows: Array<{ number: number }>;
    };
    expect(found.rows.map((r) => r.number)).toEqual([numbers[3]]);
  });
});

describe('canned replies', () => {
  it('admins write them, agents read them, and unknown placeholders are named', async () => {
    await createAgent(db, { name: 'Ada Admin', email: 'admin@example.com', role: 'admin', password: PASSWORD }, now.getTime());
    const admin = await signIn('admin@example.com');
    const reply = {
      title: 'Blank PDF',
      body: 'Hi {{customer.first_name}}, regenerate invoice #{{ticket.number}}. {{agent.name}}',
    };
    expect((await call('/api/agent/canned-replies', { method: 'POST', cookie: grace, body: reply })).status).toBe(403);
    const typo = await call('/api/agent/canned-replies', {
      method: 'POST',
      cookie: admin,
      body: { ...reply, body: 'Hi {{customer.nmae}}' },
    });
    expect(typo.status).toBe(400);
    expect(await typo.json()).toMatchObject({
      issues: [{ path: 'body', message: expect.stringContaining('{{customer.nmae}}') }],
    });
    const created = await call('/api/agent/canned-replies', { method: 'POST', cookie: admin, body: reply });
    expect(created.status).toBe(201);
    const { canned_reply: saved } = (await created.json()) as { canned_reply: { id: number } };
    const listed = (await (await call('/api/agent/canned-replies', { cookie: grace })).json()) as {
      canned_replies: Array<{ title: string }>;
    };
    expect(listed.canned_replies.map((r) => r.title)).toEqual(['Blank PDF']);
    expect((await call(`/api/agent/canned-replies/${saved.id}`, { method: 'DELETE', cookie: grace })).status).toBe(403);
    expect(
      (await call(`/api/agent/canned-replies/${saved.id}`, { method: 'PATCH', cookie: admin, body: { title: 'PDF is blank' } }))
        .status,
    ).toBe(200);
    expect((await call(`/api/agent/canned-replies/${saved.id}`, { method: 'DELETE', cookie: admin })).status).toBe(204);
    expect((await call(`/api/agent/canned-replies/${saved.id}`, { method: 'DELETE', cookie: admin })).status).toBe(404);
  });

  it('fill in the customer, the agent and the ticket', async () => {
    const { renderCannedReply } = await import('../../api/services/canned-replies');
    const text = renderCannedReply(
      'Hi {{customer.first_name}} ({{ customer.email }}), #{{ticket.number}} “{{ticket.subject}}” — {{agent.name}}',
      {
        customerName: 'Ada Lovelace',
        customerEmail: 'ada@example.com',
        agentName: 'Grace',
        ticketNumber: 42,
        ticketSubject: 'Blank PDF',
      },
    );
    expect(text).toBe('Hi Ada (ada@example.com), #42 “Blank PDF” — Grace');
  });
});

describe('bad requests from a signed-in agent', () => {
  it('name what was wrong', async () => {
    const { ticket } = await openTicket();
    expect((await call('/api/agent/tickets/999', { cookie: grace })).status).toBe(404);
    expect((await call('/api/agent/tickets/abc', { cookie: grace })).status).toBe(400);
    const emptySearch = await call('/api/agent/search?q=', { cookie: grace });
    expect(emptySearch.status).toBe(400);
    expect(await emptySearch.json()).toMatchObject({ error: 'invalid_input', issues: [{ path: 'q' }] });
    expect((await call('/api/agent/queue?view=everything', { cookie: grace })).status).toBe(400);
    expect((await call('/api/agent/queue?priority=critical', { cookie: grace })).status).toBe(400);
    const emptyReply = await call(`/api/agent/tickets/${ticket.id}/messages`, {
      method: 'POST',
      cookie: grace,
      body: { body: '   ' },
    });
    expect(emptyReply.status).toBe(400);
    expect(await emptyReply.json()).toMatchObject({ issues: [{ path: 'body' }] });
    const noTickets = await call('/api/agent/tickets/bulk', {
      method: 'POST',
      cookie: grace,
      body: { numbers: [], changes: { priority: 'low' } },
    });
    expect(noTickets.status).toBe(400);
    expect(await noTickets.json()).toMatchObject({ issues: [{ path: 'numbers' }] });
    const badStatus = await call(`/api/agent/tickets/${ticket.id}`, { method: 'PATCH', cookie: grace, body: { status: 'done' } });
    expect(badStatus.status).toBe(400);
    const malformed = await app.request(`${ORIGIN}/api/agent/tickets/${ticket.id}`, {
      method: 'PATCH',
      headers: { Host: HOST, Origin: ORIGIN, Cookie: grace, 'Content-Type': 'application/json' },
      body: '{"status":',
    });
    expect(malformed.status).toBe(400);
    const stored = await db
      .selectFrom('tickets')
      .select(['status', 'priority'])
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'new', priority: 'normal' });
  });
});

describe('files that came by email', () => {
  async function emailedTicket() {
    const mail = mailConfigFromEnv({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'support@docket.test' }, ORIGIN)!;
    const raw = await new MailComposer({
      from: 'Ada <ada@example.com>',
      to: 'support@docket.test',
      subject: 'Screenshots',
      text: 'See the files.',
      attachments: [
        { filename: 'screen.png', content: Buffer.from('89504e47', 'hex'), contentType: 'image/png' },
        { filename: 'page.html', content: '<script>alert(1)</script>', contentType: 'text/html' },
        { filename: 'huge.bin', content: Buffer.alloc(2048), contentType: 'application/octet-stream' },
      ],
    })
      .compile()
      .build();
    const result = await receiveEmail(db, now, await parseEmail(raw, { maxAttachmentBytes: 1024 }), mail, 1024);
    return result.ticketId!;
  }

  it('the ticket lists them; an image opens in place, anything else downloads, and one too large to keep is only named', async () => {
    const number = await emailedTicket();
    const detail = (await (await call(`/api/agent/tickets/${number}`, { cookie: grace })).json()) as {
      messages: Array<{ body: string; attachments: Array<{ id: number; filename: string; kept: boolean }> }>;
    };
    const files = detail.messages[0]!.attachments;
    expect(files.map((file) => [file.filename, file.kept])).toEqual([
      ['screen.png', true],
      ['page.html', true],
      ['huge.bin', false],
    ]);
    expect(detail.messages[0]!.body).toContain('[Attachment not kept: huge.bin, 2 KB, over the 1 KB limit.]');

    const image = await call(`/api/agent/attachments/${files[0]!.id}`, { cookie: grace });
    expect(image.status).toBe(200);
    expect(image.headers.get('Content-Type')).toBe('image/png');
    expect(image.headers.get('Content-Disposition')).toBe("inline; filename*=UTF-8''screen.png");
    expect(Buffer.from(await image.arrayBuffer()).toString('hex')).toBe('89504e47');

    const html = await call(`/api/agent/attachments/${files[1]!.id}`, { cookie: grace });
    expect(html.headers.get('Content-Type')).toBe('application/octet-stream');
    expect(html.headers.get('Content-Disposition')).toBe("attachment; filename*=UTF-8''page.html");
    expect(html.headers.get('Content-Security-Policy')).toContain('sandbox');

    expect((await call(`/api/agent/attachments/${files[2]!.id}`, { cookie: grace })).status).toBe(404);
    expect((await call(`/api/agent/attachments/${files[0]!.id}`)).status).toBe(401);
  });
});
