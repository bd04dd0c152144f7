/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The database, clock and suggestion index of the running Docket server (see api/on-demand.ts). */
    docket: import('../api/on-demand').PageServices;
  }
}
