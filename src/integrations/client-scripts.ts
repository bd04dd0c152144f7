import type { AstroIntegration } from 'astro';
import { transform } from 'esbuild';

/** Where the browser scripts live; each is imported by a page as `../scripts/x.js?url`. */
const SCRIPTS = /\/src\/scripts\/[^/]+\.js$/;

/**
 * The browser scripts (`src/scripts/*.js`, plain JavaScript with JSDoc types) ship as files of their own,
 * hashed and minified.
 *
 * - Never inlined as `data:` URLs, which Vite does to small assets: a page names its script in an
 *   event-handler attribute, and a `data:` URL there would put the whole script into every page, base64.
 * - Minified when the bundle is written, with the esbuild service the bundle already runs: `?url` emits a
 *   file as it is written, comments and all. The name keeps the hash of the source, which changes with it.
 */
export function clientScripts(): AstroIntegration {
  return {
    name: 'docket:client-scripts',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            build: { assetsInlineLimit: (file: string) => (SCRIPTS.test(file) ? false : undefined) },
            plugins: [
              {
                name: 'docket:client-scripts',
                apply: 'build',
                async generateBundle(_options, bundle) {
                  for (const file of Object.values(bundle)) {
                    if (file.type !== 'asset' || !file.fileName.endsWith('.js')) continue;
                    if (!file.originalFileNames.some((name) => SCRIPTS.test(`/${name}`))) continue;
                    const { code } = await transform(String(file.source), { minify: true, target: 'es2022' });
                    file.source = code;
                  }
                },
              },
            ],
          },
        });
      },
    },
  };
}
