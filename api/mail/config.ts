import { z } from 'zod';

/** How Docket sends email, when it does: the SMTP server, the sender, and where links point. */
export interface MailConfig {
  smtpUrl: string;
  /** The support address: `From`, and (plus-addressed per ticket) `Reply-To`. */
  fromAddress: string;
  fromName: string;
  /** The help center's public address, for the status links in emails. */
  publicUrl: string;
}

const AddressSchema = z.string().trim().email();

/**
 * Email settings from the environment, or undefined when email is off (no `SMTP_URL`). `MAIL_FROM` is
 * `support@example.com` or `Example Support <support@example.com>`. Throws naming the variable that is wrong.
 */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv, publicUrl: string): MailConfig | undefined {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return undefined;
  if (!/^smtps?:\/\//.test(smtpUrl)) throw new Error('SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465');
  const from = env.MAIL_FROM?.trim() ?? '';
  const match = /^\s*(?:"?([^"<]*)"?\s*)?<([^>]+)>\s*$/.exec(from);
  const fromAddress = match?.[2] ?? from;
  if (!AddressSchema.safeParse(fromAddress).success) {
    throw new Error('MAIL_FROM must be the support address, like support@example.com or "Example Support <support@example.com>"');
  }
  return { smtpUrl, fromAddress, fromName: match?.[1]?.trim() || 'Support', publicUrl };
}

/** `support+t42@example.com`: replies to a ticket's emails come back tagged with its number. */
export function ticketReplyAddress(config: MailConfig, ticketId: number): string {
  const at = config.fromAddress.lastIndexOf('@');
  return `${config.fromAddress.slice(0, at)}+t${ticketId}${config.fromAddress.slice(at)}`;
}

export function mailDomain(config: MailConfig): string {
  return config.fromAddress.slice(config.fromAddress.lastIndexOf('@') + 1);
}
