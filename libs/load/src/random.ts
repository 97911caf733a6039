/** Small random helpers for traffic shapes; Math.random is plenty for simulated users. */
export function uniform(min: number, max: number): number {
  return min + Math.random() * (max - min);
}

/** An integer in [min, max], both included. */
export function randomInt(min: number, max: number): number {
  return Math.floor(uniform(min, max + 1));
}

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** Picks a key of `weights` with probability proportional to its weight. */
export function weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = Math.random() * total;
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1][0];
}
