import { hash, verify } from '@node-rs/argon2';

/** Shortest password accepted: long enough that a guessed hash costs real work. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest password accepted; argon2 has no limit of its own, so a huge body can't become a huge hash job. */
export const MAX_PASSWORD_LENGTH = 256;

// argon2id (the library's default algorithm; its enum can't be imported under verbatimModuleSyntax) with
// OWASP's minimum cost: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The argon2id hash of a password, in PHC string form (salt and parameters included). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether a stored hash is argon2id, the only kind Docket writes. */
export function isArgon2id(passwordHash: string): boolean {
  return passwordHash.startsWith('$argon2id$');
}

/** Whether `password` matches `hash`; a malformed hash is a mismatch, not an error. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a password nobody has, verified against when the email is unknown, so a sign-in for an
 * unknown address takes as long as one with a wrong password and doesn't reveal which emails are agents.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy password that no agent has');
  return decoy;
}
