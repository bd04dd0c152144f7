/** How long ago, the way a queue says it: "just now", "5 min", "3 h", "2 d", "7 w". */
export function age(from: number, now: number): string {
  const minutes = Math.floor((now - from) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days} d`;
  return `${Math.floor(days / 7)} w`;
}

/** A timestamp for the audit trail and messages: `27 Nov 2026, 10:04 UTC`. */
export function dateTime(at: number): string {
  return `${dateTimeFormat.format(new Date(at))} UTC`;
}
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export const STATUS_LABELS = { new: 'New', open: 'Open', pending: 'Pending', solved: 'Solved', closed: 'Closed' } as const;
export const PRIORITY_LABELS = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' } as const;
export const VIEW_LABELS = {
  unassigned: 'Unassigned',
  mine: 'Mine',
  open: 'All open',
  pending: 'Pending',
  solved: 'Solved',
} as const;
