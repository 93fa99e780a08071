import { createHash, timingSafeEqual } from 'node:crypto';

/** Equal strings, compared in constant time (their SHA-256 digests: the length leaks nothing). */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
