import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares in time independent of where the strings differ and of their lengths:
 * both sides are hashed to equal-length digests first.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), expectedDigest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The expected token changes only with the config: its digest is computed once per value. */
let expected: { token: string; digest: Buffer } | undefined;

function expectedDigest(token: string): Buffer {
  if (expected?.token !== token) expected = { token, digest: digest(token) };
  return expected.digest;
}

const BEARER = /^Bearer ([^\s]+)$/i;

/** The token of a `Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string): string | undefined {
  return BEARER.exec(header.trim())?.[1];
}
