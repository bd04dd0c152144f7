import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadMarkdownCorpus } from '../../api/deflection';
import { splitArticleSource } from '../../src/checks/frontmatter';
import { markdownHeadings } from '../../src/markdown/render';

describe('suggestion anchors', () => {
  it('point at headings the built pages really have, for every demo article', async () => {
    const records = await loadMarkdownCorpus('content');
    expect(records.length).toBeGreaterThan(40);
    let checked = 0;
    for (const record of records) {
      const category = record.category ?? '';
      const source = await readFile(`content/${record.locale}/${category}/${record.id}.md`, 'utf8');
      const pageIds = markdownHeadings(splitArticleSource(source).body).map((heading) => heading.slug);
      for (const section of record.sections) {
        expect(pageIds, `${record.url}#${section.anchor}`).toContain(section.anchor);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
