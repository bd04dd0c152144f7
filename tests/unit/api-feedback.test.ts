import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createSuggestionIndex } from '../../api/deflection';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

let db: Kysely<Database>;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  db = await createTestDatabase();
  app = createApp({
    db,
    suggestions: createSuggestionIndex([]),
    clock: () => new Date('2026-11-27T10:00:00Z'),
    trustProxy: true,
    rateLimits: {
      createTicket: { limit: 10, windowMs: 60_000 },
      suggest: { limit: 10, windowMs: 60_000 },
      replies: { limit: 10, windowMs: 60_000 },
      feedback: { limit: 6, windowMs: 60_000 },
    },
  });
});
afterEach(async () => {
  await db.destroy();
});

const post = (path: string, body: unknown, address = '192.0.2.50') =>
  app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
    body: JSON.stringify(body),
  });

const voter = 'b7c1e0a4-5d2f-4f7e-9a51-0c3d2e1f9a88';

describe('POST /api/feedback', () => {
  it('keeps one vote per browser and article: voting again replaces the vote and its comment', async () => {
    const first = await post('/api/feedback', { article_id: 'reset-password', locale: 'en', helpful: true, voter });
    expect(first.status).toBe(201);
    const changed = await post('/api/feedback', {
      article_id: 'reset-password',
      locale: 'en',
      helpful: false,
      comment: 'The reset email never came.',
      voter,
    });
    expect(changed.status).toBe(200);
    const rows = await db.selectFrom('article_feedback').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ helpful: 0, comment: 'The reset email never came.' });
    expect(rows[0]?.voter_hash).not.toContain(voter);

    const anotherBrowser = await post('/api/feedback', {
      article_id: 'reset-password',
      locale: 'en',
      helpful: true,
      voter: `${voter}-2`,
    });
    expect(anotherBrowser.status).toBe(201);
    expect(await db.selectFrom('article_feedback').selectAll().execute()).toHaveLength(2);
  });

  it('names the fields that are wrong', async () => {
    const response = await post('/api/feedback', { article_id: 'Reset Password', locale: 'de', helpful: 'yes', voter: 'x' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: Array<{ path: string }> };
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['article_id', 'helpful', 'locale', 'voter']);
  });

  it('is rate limited per address', async () => {
    for (let i = 0; i < 6; i++) {
      expect(
        (await post('/api/feedback', { article_id: 'refunds', locale: 'en', helpful: true, voter }, '192.0.2.99')).status,
      ).toBeLessThan(300);
    }
    expect(
      (await post('/api/feedback', { article_id: 'refunds', locale: 'en', helpful: true, voter }, '192.0.2.99')).status,
    ).toBe(429);
  });
});

describe('POST /api/deflection-events', () => {
  it('stores each step of the funnel with the visit kept anonymous', async () => {
    const response = await post('/api/deflection-events', {
      visit: 'visit-0123456789abcdef',
      locale: 'en',
      events: [
        { kind: 'shown', query: 'reset password', article_id: 'reset-password', url: '/articles/reset-password/', position: 1 },
        { kind: 'clicked', query: 'reset password', article_id: 'reset-password', url: '/articles/reset-password/', position: 1 },
        { kind: 'resolved', query: 'reset password', article_id: 'reset-password', url: '/articles/reset-password/' },
      ],
    });
    expect(response.status).toBe(202);
    const rows = await db.selectFrom('deflection_events').selectAll().orderBy('id').execute();
    expect(rows.map((row) => row.kind)).toEqual(['shown', 'clicked', 'resolved']);
    expect(rows[0]?.visit_id).not.toContain('visit-0123456789abcdef');
  });

  it('refuses an unknown kind of event or an off-site URL', async () => {
    const response = await post('/api/deflection-events', {
      visit: 'visit-0123456789abcdef',
      locale: 'en',
      events: [{ kind: 'liked', query: 'x', article_id: 'a', url: 'https://evil.example/' }],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: Array<{ path: string }> };
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['events.0.kind', 'events.0.url']);
    expect(await db.selectFrom('deflection_events').selectAll().execute()).toHaveLength(0);
  });
});
