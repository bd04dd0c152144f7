import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '../db/connection';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** A rate limit as operators write it: `10/h` (ten an hour), `120/m`, `5/s`. */
export const RateLimitSchema = z
  .string()
  .regex(/^\d+\/[smh]$/, 'must look like 10/h, 120/m or 5/s (requests per second, minute or hour)')
  .transform((value) => {
    const [count, unit] = value.split('/') as [string, string];
    return { limit: Number(count), windowMs: UNIT_MS[unit] ?? 60_000 };
  });

/** The server's environment, validated once at start so a typo fails loudly instead of half-working. */
export const ServerConfigSchema = z.object({
  /** Port to listen on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  /** Interface to bind; `0.0.0.0` to accept connections from other machines. */
  HOST: z.string().min(1).default('localhost'),
  /** Public address of the help center, for canonical links (read at build time by Astro too). */
  PUBLIC_URL: z.string().url().optional(),
  /** Where the data lives: a SQLite file path (created on first start). */
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  /** Tickets one client address may open (`10/h`). */
  RATE_LIMIT_TICKETS: RateLimitSchema.default('10/h'),
  /** Suggestion requests one client address may make while typing (`120/m`). */
  RATE_LIMIT_SUGGEST: RateLimitSchema.default('120/m'),
  /** Customer replies and solves one client address may send (`60/h`), with "your tickets" link requests and uses; also caps guesses at ticket keys. */
  RATE_LIMIT_REPLIES: RateLimitSchema.default('60/h'),
  /** Article votes and deflection events one client address may send (`60/m`). */
  RATE_LIMIT_FEEDBACK: RateLimitSchema.default('60/m'),
  /** The SMTP server notifications go through: `smtp://user:password@host:587`. Unset: email is off. */
  SMTP_URL: z.string().optional(),
  /** The support address emails come from: `support@example.com` or `Example Support <support@example.com>`. */
  MAIL_FROM: z.string().optional(),
  /** Set to 1 behind a reverse proxy you run, so rate limits see the client's address in X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
});

export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/** Reads the server configuration from the environment, or throws an error naming each bad variable. */
export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const result = ServerConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);
}
