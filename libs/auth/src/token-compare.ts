import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares in time independent of where the strings differ and of their lengths:
 * both sides are hashed to equal-length digests first.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

const BEARER = /^Bearer ([^\s]+)$/i;

/** The token of a `Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string): string | undefined {
  return BEARER.exec(header.trim())?.[1];
}
