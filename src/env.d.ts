/// <reference types="astro/client" />

/** A script minified at bundle time, as a string to inline (src/integrations/minified-scripts.ts). */
declare module '*?minified' {
  const code: string;
  export default code;
}

declare namespace App {
  interface Locals {
    /** The database, clock and suggestion index of the running Docket server (see api/on-demand.ts). */
    docket: import('../api/on-demand').PageServices;
  }
}
