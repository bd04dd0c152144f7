import { readFile } from 'node:fs/promises';
import type { AstroIntegration } from 'astro';
import { transform } from 'esbuild';

const QUERY = '?minified';

/**
 * `import code from '../scripts/x.js?minified'`: the script, minified when the site is bundled, as a string
 * to inline with `<script is:inline set:html={code} />`. (Astro leaves `is:inline` scripts as written.)
 *
 * Minified while bundling, with the esbuild service the bundle already runs, rather than when a page first
 * renders: a synchronous minify there started a worker thread and an esbuild process of its own (~23 MB)
 * that stayed for the rest of the build, and in the Docket server for as long as it ran.
 */
export function minifiedScripts(): AstroIntegration {
  return {
    name: 'docket:minified-scripts',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'docket:minified-scripts',
                async load(id) {
                  if (!id.endsWith(QUERY)) return undefined;
                  const file = id.slice(0, -QUERY.length);
                  const { code } = await transform(await readFile(file, 'utf8'), { minify: true, target: 'es2022' });
                  return `export default ${JSON.stringify(code.trim())};`;
                },
              },
            ],
          },
        });
      },
    },
  };
}
