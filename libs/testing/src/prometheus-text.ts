/** The value of one exact sample line (`name{labels}`) of a /metrics page, 0 when absent. */
export function sampleValue(metrics: string, sample: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

/** Sums the samples of a Prometheus metric whose labels include all of `labels`. */
export function metricValue(
  exposition: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? ([^ ]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value))
      total += Number(match[3]);
  }
  return total;
}
