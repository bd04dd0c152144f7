import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex } from 'pagefind';

/**
 * Indexes the built help center with Pagefind's Node API once Astro has written every page.
 * Only `data-pagefind-body` regions (article bodies) are indexed; `<html lang>` splits the index per locale.
 */
export function pagefindIndex(): AstroIntegration {
  return {
    name: 'docket:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outputDir = fileURLToPath(dir);
        const started = performance.now();
        try {
          const { index, errors } = await createIndex({});
          if (!index) throw new Error(errors.join('\n'));
          const added = await index.addDirectory({ path: outputDir });
          if (added.errors.length > 0) throw new Error(added.errors.join('\n'));
          const written = await index.writeFiles({ outputPath: `${outputDir}/pagefind` });
          if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
          logger.info(`Indexed ${added.page_count} pages in ${Math.round(performance.now() - started)} ms.`);
        } catch (cause) {
          throw new Error('Failed to run Pagefind.', { cause });
        } finally {
          await close();
        }
      },
    },
  };
}
