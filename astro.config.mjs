// @ts-check
import node from '@astrojs/node';
import { defineConfig, passthroughImageService } from 'astro/config';
import { buildMemory } from './src/integrations/build-memory.ts';
import { buildOutput } from './src/integrations/build-output.ts';
import { clientScripts } from './src/integrations/client-scripts.ts';
import { contentReload } from './src/integrations/content-reload.ts';

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  // Canonical URLs, sitemap and OpenGraph use the public address of the help center.
  site: process.env.PUBLIC_URL || 'http://localhost:4321',
  output: 'static',
  // On-demand pages (ticket status, agent workspace) are rendered by api/server.ts through this handler.
  adapter: node({ mode: 'middleware' }),
  trailingSlash: 'ignore',
  // The Docket server checks that form posts come from its own pages (api/on-demand.ts); Astro can't, since
  // it isn't told which host it is served under.
  security: { checkOrigin: false },
  // Pages are written while others render: one at a time, the build waited on the disk 70% of its prerender.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 8 },
  // Article images are plain files in public/; nothing to optimise at build, and no native image library to install.
  image: { service: passthroughImageService() },
  integrations: [
    contentReload({ contentDir: process.env.DOCKET_CONTENT_DIR || 'content' }),
    clientScripts(),
    buildMemory(),
    buildOutput(),
  ],
  server: { port: Number(process.env.PORT) || 4321, host: process.env.HOST || 'localhost' },
  devToolbar: { enabled: false },
  // Each build writes over the last one's files and then removes what it didn't write
  // (src/integrations/stale-output.ts): emptying the output first made a rebuild 3-4 s slower.
  vite: { build: { emptyOutDir: false } },
});
