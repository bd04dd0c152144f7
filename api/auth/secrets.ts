import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 160 random bits, URL-safe: a ticket key or session secret nobody can guess. */
export function generateSecret(): string {
  return randomBytes(20).toString('base64url');
}

/** The SHA-256 of a secret, hex: what the database keeps instead of the secret itself. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex hashes without leaking, through timing, how much of them matched. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
