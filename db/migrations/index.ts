import type { Migration } from 'kysely';
import * as tickets from './2026-11-27T08-00-tickets';
import * as agentSessions from './2026-11-27T10-00-agent-sessions';
import * as queue from './2026-11-27T11-00-queue';
import * as outbox from './2026-11-27T12-00-outbox';
import * as inboundMail from './2026-11-27T13-00-inbound-mail';
import * as searchBatching from './2026-11-27T15-00-search-batching';

/**
 * Every migration, by name. Listed here rather than read from the folder so that bundlers, tsx and
 * tests all see the same set. Names sort in the order they run; a landed migration is never edited.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-27T08-00-tickets': tickets,
  '2026-11-27T10-00-agent-sessions': agentSessions,
  '2026-11-27T11-00-queue': queue,
  '2026-11-27T12-00-outbox': outbox,
  '2026-11-27T13-00-inbound-mail': inboundMail,
  '2026-11-27T15-00-search-batching': searchBatching,
};
