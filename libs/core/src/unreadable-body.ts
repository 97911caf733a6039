/** Deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 32;

/**
 * Stands in for a body that arrived but cannot be used (malformed or too deeply nested
 * JSON). The body parser cannot know which route the request is for, so it leaves this
 * behind and UnreadableBodyGuard answers in the route's own words, e.g. the session routes'
 * `Invalid session data` (docs/API.md#bad-input).
 */
export class UnreadableBody {
  constructor(readonly reason: string) {}
}

/** True when `value` nests arrays or objects deeper than `limit`; iterative, so depth cannot overflow the stack. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
