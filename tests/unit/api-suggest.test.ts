import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { createSuggestionIndex, loadMarkdownCorpus } from '../../api/deflection';
import type { Database } from '../../db/schema';
import { createTestDatabase } from '../support/database';

type SuggestBody = {
  suggestions: Array<{
    id: string;
    url: string;
    title: string;
    section_title: string | null;
    snippet: Array<{ text: string; match: boolean }>;
  }>;
};

let db: Kysely<Database>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  db = await createTestDatabase();
  // The demo help center, indexed as the server indexes it at start.
  const suggestions = createSuggestionIndex(await loadMarkdownCorpus('content'));
  app = createApp({
    db,
    suggestions,
    clock: () => new Date('2026-11-27T10:00:00Z'),
    trustProxy: true,
    rateLimits: {
      createTicket: { limit: 10, windowMs: 60_000 },
      suggest: { limit: 5, windowMs: 60_000 },
      replies: { limit: 10, windowMs: 60_000 },
      feedback: { limit: 10, windowMs: 60_000 },
    },
  });
});
afterAll(async () => {
  await db.destroy();
});

const suggest = async (params: Record<string, string>, address = '192.0.2.1') =>
  app.request(`/api/suggest?${new URLSearchParams(params)}`, { headers: { 'X-Forwarded-For': address } });

describe('GET /api/suggest', () => {
  it('suggests the reset-password article for a customer locked out of their account, with the matched words marked', async () => {
    const response = await suggest({ q: "Can't log in\nI forgot my password and need to reset it", locale: 'en' }, '192.0.2.10');
    expect(response.status).toBe(200);
    const { suggestions } = (await response.json()) as SuggestBody;
    expect(suggestions[0]?.url).toMatch(/^\/articles\/reset-password\//);
    expect(suggestions.length).toBeLessThanOrEqual(5);
    const marked = suggestions[0]?.snippet.filter((piece) => piece.match).map((piece) => piece.text.toLowerCase()) ?? [];
    expect(marked.some((word) => word.startsWith('password') || word.startsWith('reset'))).toBe(true);
  });

  it('answers a Russian question with Russian articles only', async () => {
    const response = await suggest({ q: 'Как сбросить пароль?', locale: 'ru' }, '192.0.2.11');
    const { suggestions } = (await response.json()) as SuggestBody;
    expect(suggestions[0]?.url).toMatch(/^\/ru\/articles\/reset-password\//);
    expect(suggestions.every((suggestion) => suggestion.url.startsWith('/ru/'))).toBe(true);
  });

  it('respects the limit and names a bad parameter', async () => {
    const limited = (await (await suggest({ q: 'invoice', limit: '2' }, '192.0.2.12')).json()) as SuggestBody;
    expect(limited.suggestions).toHaveLength(2);
    const bad = await suggest({ q: 'invoice', limit: '500', locale: 'fr' }, '192.0.2.12');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; issues: Array<{ path: string }> };
    expect(body.error).toBe('invalid_input');
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['limit', 'locale']);
  });

  it('answers an empty question with no suggestions rather than an error', async () => {
    const response = await suggest({ q: '   ' }, '192.0.2.13');
    expect(response.status).toBe(200);
    expect(((await response.json()) as SuggestBody).suggestions).toEqual([]);
  });

  it('limits how often one address may ask', async () => {
    for (let i = 0; i < 5; i++) expect((await suggest({ q: 'refund' }, '192.0.2.14')).status).toBe(200);
    const limited = await suggest({ q: 'refund' }, '192.0.2.14');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('Retry-After')).toBe('60');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/suggest', '/api/tickets']));
  });
});
