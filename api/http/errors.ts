import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ZodError } from 'zod';

/** Every error the API answers with: a code, a sentence for people, and for bad input the fields. */
export const ErrorSchema = z
  .object({
    error: z.string(),
    message: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

/** One thing wrong with a request, named by its field: `{ "path": "email", "message": "…" }`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** zod's issues as the API reports them: a dotted field path and a sentence. */
export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/**
 * The validation hook every route shares: bad input is a 400 that names each wrong field, never a zod dump.
 * `{"error":"invalid_input","issues":[{"path":"email","message":"Enter an email address like name@example.com"}]}`
 */
export function validationHook(result: { success: true } | { success: false; error: ZodError }, c: Context) {
  if (!result.success) return c.json({ error: 'invalid_input', issues: fieldIssues(result.error) }, 400);
  return undefined;
}
