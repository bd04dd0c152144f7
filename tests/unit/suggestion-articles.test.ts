import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadMarkdownCorpus } from '../../api/deflection';
import type { APIContext } from 'astro';
import { GET, type SuggestionArticlesFile } from '../../src/pages/suggestion-articles.json';

describe('the article index the build writes for suggestions', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('holds every published article, recorded exactly as eval:deflection reads a folder of Markdown', async () => {
    // As in `astro build`: drafts are left out (the dev server shows them to writers).
    vi.stubEnv('DEV', false);
    const response = await GET({} as APIContext);
    const built = (await response.json()) as SuggestionArticlesFile;
    const fromFolder = await loadMarkdownCorpus('content');
    const key = (record: { locale: string; id: string }) => `${record.locale}/${record.id}`;
    const sorted = <T extends { locale: string; id: string }>(records: T[]) =>
      [...records].sort((a, b) => key(a).localeCompare(key(b)));
    expect(built.version).toBe(1);
    expect(built.articles.length).toBeGreaterThan(50);
    expect(sorted(built.articles)).toEqual(sorted(fromFolder));
  });
});
