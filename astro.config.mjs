// @ts-check
import { fileURLToPath } from 'node:url';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { defineConfig, passthroughImageService } from 'astro/config';
import { pagefindIndex } from './src/integrations/pagefind.ts';
import { precompress } from './src/integrations/precompress.ts';
import { publicImagesDigest, rehypeImageSize } from './src/markdown/rehype-image-size.ts';

const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  // Canonical URLs, sitemap and OpenGraph use the public address of the help center.
  site: process.env.PUBLIC_URL || 'http://localhost:4321',
  output: 'static',
  // The content layer's cache; the build benchmark gives each generated corpus its own.
  cacheDir: process.env.DOCKET_CACHE_DIR || './node_modules/.astro',
  // On-demand pages (ticket status, agent workspace) are rendered by api/server.ts through this handler.
  adapter: node({ mode: 'middleware' }),
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'never' },
  // Article images are plain files in public/; nothing to optimise at build, and no native image library to install.
  image: { service: passthroughImageService() },
  markdown: {
    // Code samples stay plain: highlighting would add kilobytes of inline styles to every page that shows one.
    syntaxHighlight: false,
    rehypePlugins: [[rehypeImageSize, { publicDir, digest: publicImagesDigest(publicDir) }]],
  },
  integrations: [mdx(), pagefindIndex(), precompress()],
  server: { port: Number(process.env.PORT) || 4321, host: process.env.HOST || 'localhost' },
  devToolbar: { enabled: false },
});
