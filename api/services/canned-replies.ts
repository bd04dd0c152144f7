import type { Kysely } from 'kysely';
import type { CannedReply, Database } from '../../db/schema';

/** The placeholders a canned reply may use, and what each becomes on a ticket. */
export const PLACEHOLDERS = [
  'customer.name',
  'customer.first_name',
  'customer.email',
  'agent.name',
  'ticket.number',
  'ticket.subject',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** Placeholders in a text that Docket doesn't know (a typo like `{{customer.nmae}}`), each once. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) unknown.add(name);
  }
  return [...unknown];
}

/** A canned reply's text for one ticket: every known placeholder filled in. */
export function renderCannedReply(
  body: string,
  values: { customerName: string; customerEmail: string; agentName: string; ticketNumber: number; ticketSubject: string },
): string {
  const filled: Record<Placeholder, string> = {
    'customer.name': values.customerName,
    'customer.first_name': values.customerName.trim().split(/\s+/)[0] ?? values.customerName,
    'customer.email': values.customerEmail,
    'agent.name': values.agentName,
    'ticket.number': String(values.ticketNumber),
    'ticket.subject': values.ticketSubject,
  };
  return body.replace(PLACEHOLDER, (whole, name: string) => filled[name as Placeholder] ?? whole);
}

export function listCannedReplies(db: Kysely<Database>): Promise<CannedReply[]> {
  return db
    .selectFrom('canned_replies')
    .selectAll()
    .orderBy((eb) => eb.fn('lower', ['title']))
    .orderBy('id')
    .execute();
}

export function createCannedReply(
  db: Kysely<Database>,
  input: { title: string; body: string; createdBy: number },
  now: number,
): Promise<CannedReply> {
  return db
    .insertInto('canned_replies')
    .values({ title: input.title, body: input.body, created_by: input.createdBy, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateCannedReply(
  db: Kysely<Database>,
  id: number,
  input: { title?: string; body?: string },
  now: number,
): Promise<CannedReply | undefined> {
  return db
    .updateTable('canned_replies')
    .set({ ...input, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteCannedReply(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('canned_replies').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
