import type { TicketStatus } from '../../db/schema';

/**
 * The ticket state machine. A status moves only along these edges; anything else is refused with a reason
 * (409). `closed` is final: a customer with more to say opens a new ticket.
 *
 *   new ──► open ◄──► pending
 *    │       │          │
 *    └──────►solved◄────┘ ──► closed
 *             │
 *             └──► open (reopened)
 */
const AGENT_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'solved'],
  open: ['pending', 'solved'],
  pending: ['open', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

/** Why a move is not allowed, in words an agent understands; undefined when it is allowed (or no move). */
export function agentTransitionProblem(from: TicketStatus, to: TicketStatus): string | undefined {
  if (from === to || AGENT_TRANSITIONS[from].includes(to)) return undefined;
  if (from === 'closed') return 'This ticket is closed, and a closed ticket stays closed: ask the customer to open a new one.';
  if (to === 'new') return 'A ticket can’t become new again once someone has worked on it.';
  if (to === 'closed') return 'Only a solved ticket can be closed: solve it first.';
  return `A ${from} ticket can’t be set to ${to}.`;
}

/** Where a customer's reply takes a ticket: an answer re-opens a solved or waiting one; closed takes none. */
export const AFTER_CUSTOMER_REPLY: Record<TicketStatus, TicketStatus | null> = {
  new: 'new',
  open: 'open',
  pending: 'open',
  solved: 'open',
  closed: null,
};

/** Where an agent's public reply takes a ticket unless they choose a status: a new ticket is now being worked. */
export function afterAgentReply(status: TicketStatus): TicketStatus {
  return status === 'new' ? 'open' : status;
}
