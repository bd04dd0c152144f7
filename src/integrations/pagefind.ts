import { close, createIndex } from 'pagefind';

/**
 * Indexes the built help center with Pagefind's Node API. Only `data-pagefind-body` regions (article
 * bodies) are indexed; `<html lang>` splits the index per locale. Resolves with the number of pages.
 */
export async function indexWithPagefind(outputDir: string): Promise<number> {
  try {
    const { index, errors } = await createIndex({});
    if (!index) throw new Error(errors.join('\n'));
    const added = await index.addDirectory({ path: outputDir });
    if (added.errors.length > 0) throw new Error(added.errors.join('\n'));
    const written = await index.writeFiles({ outputPath: `${outputDir}/pagefind` });
    if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
    return added.page_count;
  } catch (cause) {
    throw new Error('Failed to run Pagefind.', { cause });
  } finally {
    await close();
  }
}
