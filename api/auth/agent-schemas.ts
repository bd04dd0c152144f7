import { z } from '@hono/zod-openapi';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';

/** An agent's email address (stored lowercased). */
export const EmailSchema = z
  .string()
  .trim()
  .max(254, 'Use at most 254 characters')
  .email('Enter an email address like name@example.com')
  .openapi({ example: 'grace@example.com' });
/** An agent's name as teammates and customers see it. */
export const NameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(200, 'Use at most 200 characters')
  .openapi({ example: 'Grace Hopper' });
/** A password being set: long enough to resist guessing, short enough to hash quickly. */
export const NewPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`);
/** Admins manage agents and canned replies; agents work tickets. */
export const RoleSchema = z.enum(['agent', 'admin']);
