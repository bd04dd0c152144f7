import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';

/**
 * The process-wide channel `astro build` publishes on once every page is written (at the start of
 * `astro:build:done`, before Pagefind: `releaseBuildMemory` in `src/integrations/build-memory.ts`). The
 * prerendered pages are modules Node never unloads, and not the modules the integration imports, so what
 * they keep at module level (the help center model) outlives the pages unless it lets go when this fires.
 */
const PAGES_WRITTEN = 'docket:pages-written';

/** Runs `release` once the build has written every page. The dev server and the Docket server never publish it. */
export function onPagesWritten(release: () => void): void {
  const once = () => {
    unsubscribe(PAGES_WRITTEN, once);
    release();
  };
  subscribe(PAGES_WRITTEN, once);
}

/** Tells the page modules that every page is written. */
export function announcePagesWritten(): void {
  channel(PAGES_WRITTEN).publish(undefined);
}
