import { resolve, sep } from 'node:path';
import type { AstroIntegration } from 'astro';

/**
 * Live reload for writers: `astro dev` watches `content/` (which sits outside `src/`, so Vite would not)
 * and reloads the open page when an article or categories file changes. The help-center model notices
 * the change itself and re-reads the content.
 */
export function contentReload(options: { contentDir: string }): AstroIntegration {
  const contentDir = resolve(options.contentDir);
  return {
    name: 'docket:content-reload',
    hooks: {
      'astro:server:setup': ({ server, logger }) => {
        server.watcher.add(contentDir);
        server.watcher.on('all', (_event, path) => {
          if (path !== contentDir && !path.startsWith(contentDir + sep)) return;
          logger.info(`${path.slice(contentDir.length + 1)} changed, reloading`);
          server.ws.send({ type: 'full-reload' });
        });
      },
    },
  };
}
